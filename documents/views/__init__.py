from documents.views.public import verify, verify_stored

__all__ = ["verify", "verify_stored"]
