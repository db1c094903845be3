app_name = "commissioning"
urlpatterns: list = []
