app_name = "roadmap"
urlpatterns: list = []
