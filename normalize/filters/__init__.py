"""Built-in filters, one module each; `base` holds what they share."""
