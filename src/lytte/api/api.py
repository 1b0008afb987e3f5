from ninja import NinjaAPI

api = NinjaAPI(title="Lytte", version="1", urls_namespace="api")
