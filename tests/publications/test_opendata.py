import io
import json
import zipfile

import pytest

from arpenteur.publications.opendata import build_datapackage

pytestmark = pytest.mark.django_db


def unzip(data: bytes, tmp_path):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(tmp_path)
        names = archive.namelist()
    root = tmp_path / names[0].split("/")[0]
    return root, names


def test_the_data_package_has_a_descriptor_schemas_readme_and_licence(residency, tmp_path):
    root, names = unzip(build_datapackage(residency), tmp_path)
    descriptor = json.loads((root / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["name"] == "CC-BY-SA-4.0"
    assert (root / "README.md").exists() and (root / "LICENSE").exists()
    for resource in descriptor["resources"]:
        assert (root / resource["path"]).exists()
        if resource["format"] == "csv":
            assert resource["schema"]["fields"]
        else:
            layer = json.loads((root / resource["path"]).read_text())
            assert layer["type"] == "FeatureCollection"


def test_the_data_package_passes_frictionless_validate(residency, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    root, _names = unzip(build_datapackage(residency), tmp_path)
    report = frictionless.validate(str(root / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "note"])
