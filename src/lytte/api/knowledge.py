"""The knowledge base in the API: articles, their translations, and search.

(Contract: the knowledge editor work fills this router in.)"""

from ninja import Router

router = Router(tags=["knowledge"])
