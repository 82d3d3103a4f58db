"""The domain: SQLAlchemy 2 typed models, enums and pure rules (validation,
search keys, errors); no Qt, no database session."""
