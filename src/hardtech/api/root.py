from ninja import NinjaAPI

api = NinjaAPI(title="硬科技创新服务平台 API", version="1", urls_namespace="api")
