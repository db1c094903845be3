from hypothesis import given
from hypothesis import strategies as st

from arpenteur.publications.typography import NBSP, NNBSP, french_typography, typographize_html


def test_spaces_before_double_punctuation_and_inside_guillemets():
    assert french_typography("Bonjour ! Ça va? Oui; bien : «marché»") == (
        f"Bonjour{NNBSP}! Ça va{NNBSP}? Oui{NNBSP}; bien{NBSP}: «{NBSP}marché{NBSP}»"
    )


def test_urls_times_and_entities_are_left_alone():
    assert french_typography("https://ex.fr/a?b=1 à 10:30") == "https://ex.fr/a?b=1 à 10:30"
    assert french_typography("l&#x27;eau") == "l&#x27;eau"


def test_only_text_nodes_of_html_change():
    html = "<style>a:hover{color:red}</style><p>Oui: non!</p>"
    assert typographize_html(html) == f"<style>a:hover{{color:red}}</style><p>Oui{NBSP}: non{NNBSP}!</p>"


@given(st.text())
def test_idempotent(text):
    once = french_typography(text)
    assert french_typography(once) == once
