from django.shortcuts import render

from arpenteur.core.access import public


@public
def home(request):
    return render(request, "core/home.html")


@public
def accessibility(request):
    return render(request, "core/accessibility.html")


@public
def legal(request):
    return render(request, "core/legal.html")
