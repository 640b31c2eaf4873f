"""The directory, profile pages and profile editing.

Why one long module: the three pages share one set of fixtures and one profile form; split,
each part would repeat them.
"""

import pytest
from django.urls import reverse

from connections.models import Affiliation, Organisation
from connections.profiles.selectors import SEARCH_MAX_LENGTH, shared_facts

pytestmark = pytest.mark.django_db
DIRECTORY = reverse("connections:directory")


def names_in(response) -> list[str]:
    return [person.name for person in response.context["page"].object_list]


# --- directory ------------------------------------------------------------------------


def test_directory_searches_name_headline_and_organisation(member_client, make_member, affiliate):
    bob = make_member("bob", name="Bob Baker", headline="Pastry chef")
    carol = make_member("carol", name="Carol Chen", headline="Platform engineer")
    make_member("dave", name="Dave Doe", headline="Accountant")
    affiliate(carol, "Umbrella Corp")
    affiliate(bob, "Umbrella Corp", title="Baker")

    assert names_in(member_client.get(DIRECTORY, {"q": "bob"})) == ["Bob Baker"]
    assert names_in(member_client.get(DIRECTORY, {"q": "ENGINEER"})) == ["Carol Chen"]
    assert names_in(member_client.get(DIRECTORY, {"q": "umbrella"})) == ["Bob Baker", "Carol Chen"]
    assert names_in(member_client.get(DIRECTORY, {"q": "umbrella chef"})) == ["Bob Baker"]
    empty = member_client.get(DIRECTORY, {"q": "zzzz"})
    assert names_in(empty) == []
    assert "No one matches “zzzz”." in empty.content.decode()


def test_directory_excludes_viewer_and_paginates(member_client, make_member):
    for i in range(45):
        make_member(f"p{i:02d}", name=f"Person {i:02d}")
    first = member_client.get(DIRECTORY)
    assert first.context["page"].paginator.count == 45  # not Alice herself
    assert len(names_in(first)) == 20
    assert "Page 1 of 3" in first.content.decode()
    last = member_client.get(DIRECTORY, {"page": 3})
    assert names_in(last) == [f"Person {i}" for i in range(40, 45)]
    # Out of range or junk page numbers fall back instead of failing.
    assert member_client.get(DIRECTORY, {"page": 999}).context["page"].number == 3
    assert member_client.get(DIRECTORY, {"page": "x"}).context["page"].number == 1


def test_directory_pagination_keeps_the_query(member_client, make_member):
    for i in range(25):
        make_member(f"eng{i:02d}", name=f"Engineer {i:02d}")
    make_member("zed", name="Zed Zulu")
    body = member_client.get(DIRECTORY, {"q": "engineer"}).content.decode()
    assert "?q=engineer&amp;page=2" in body


def test_directory_htmx_request_gets_only_the_results_partial(member_client, make_member):
    make_member("bob", name="Bob Baker")
    response = member_client.get(
        DIRECTORY, {"q": "bob"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="people-results"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bob Baker" in body
    assert "<html" not in body and "<form" not in body
    full = member_client.get(DIRECTORY, {"q": "bob"}).content.decode()
    assert "<html" in full and 'id="people-results"' in full and "Bob Baker" in full


def test_directory_cuts_a_10000_character_query_with_a_message(member_client, make_member):
    make_member("bob", name="Bob Baker")
    response = member_client.get(DIRECTORY, {"q": "b" * 10_000})
    assert response.status_code == 200
    assert response.context["query"].truncated
    assert len(response.context["query"].text) == SEARCH_MAX_LENGTH
    assert (
        f"Your search was too long, so only its first {SEARCH_MAX_LENGTH} characters were used."
        in response.content.decode()
    )


@pytest.mark.parametrize("query", ["<script>alert(1)</script>", "\x00\u200b\u202e", "%", "_"])
def test_directory_odd_queries_are_escaped_and_harmless(member_client, make_member, query):
    make_member("bob", name="Bob Baker")
    response = member_client.get(DIRECTORY, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


# --- profile page ---------------------------------------------------------------------


def test_profile_of_missing_id_is_404(member_client):
    assert member_client.get(reverse("connections:profile", args=[999_999])).status_code == 404


def test_profile_shows_history_mutuals_and_shared_facts(
    member, member_client, make_member, affiliate, connect
):
    bob = make_member("bob", name="Bob Baker", headline="Baker <b>bold</b>")
    carol = make_member("carol", name="Carol Chen")
    dave = make_member("dave", name="Dave Doe")
    affiliate(bob, "Acme", title="Head baker", description="Ran the night shift.")
    affiliate(bob, "Baking School", kind=Organisation.Kind.SCHOOL, title="BSc Bread")
    affiliate(bob, "PyCon 2024", kind=Organisation.Kind.EVENT)
    affiliate(bob, "Sourdough Circle", kind=Organisation.Kind.GROUP)
    affiliate(member, "Acme", title="Engineer")
    affiliate(member, "PyCon 2024", kind=Organisation.Kind.EVENT)
    affiliate(member, "Other School", kind=Organisation.Kind.SCHOOL)
    connect(member, carol)
    connect(bob, carol)
    connect(member, dave)  # Dave knows only Alice

    response = member_client.get(reverse("connections:profile", args=[bob.id]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Baker &lt;b&gt;bold&lt;/b&gt;" in body
    assert "Head baker" in body and "Ran the night shift." in body
    assert "BSc Bread" in body and "Sourdough Circle" in body
    assert [m.profile.name for m in response.context["mutuals"]] == ["Carol Chen"]
    assert "1 mutual connection." in body
    assert "You both worked at <strong>Acme</strong>" in body
    assert "You were both at <strong>PyCon 2024</strong>" in body
    assert "Other School" not in body
    assert [o.name for o in response.context["shared"]] == ["Acme", "PyCon 2024"]
    assert shared_facts(user_a_id=member.id, user_b_id=bob.id) == [
        "employer:Acme",
        "event:PyCon 2024",
    ]
    assert 'class="avatar avatar-lg avatar-initials"' in body and ">BB<" in body


def test_own_profile_shows_checklist_and_edit_link(member, member_client, affiliate):
    affiliate(member, "Acme", title="Engineer")
    body = member_client.get(reverse("connections:profile", args=[member.id])).content.decode()
    assert "Edit profile" in body
    assert "Profile checklist" in body
    assert "Still without a description: Engineer at Acme." in body
    assert "2 of 4 done" in body  # headline and a position; no photo, no description


# --- profile editing ------------------------------------------------------------------


def edit_data(**overrides):
    data = {
        "profile-name": "Alice Archer",
        "profile-headline": "Data engineer",
        "profile-location": "Leeds",
        "profile-industry": "Software",
        "profile-summary": "I build pipelines.",
        "history-TOTAL_FORMS": "1",
        "history-INITIAL_FORMS": "0",
        "history-MIN_NUM_FORMS": "0",
        "history-MAX_NUM_FORMS": "1000",
        "history-0-organisation_kind": "company",
        "history-0-organisation_name": "  Acme   Corp ",
        "history-0-title": "Engineer",
        "history-0-description": "Built the data platform.",
        "history-0-start": "2020-01-01",
        "history-0-end": "",
    }
    data.update(overrides)
    return data


def test_profile_edit_saves_profile_and_history(member, member_client):
    response = member_client.post(reverse("connections:profile_edit"), edit_data())
    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.location == "Leeds"
    position = member.profile.affiliations.get()
    assert position.kind == Affiliation.Kind.POSITION
    assert position.organisation.name == "Acme Corp"
    assert position.organisation.kind == Organisation.Kind.COMPANY
    # The same organisation typed differently is found, not duplicated.
    member_client.post(
        reverse("connections:profile_edit"),
        edit_data(**{"history-0-organisation_name": "acme corp", "history-0-title": "Lead"}),
    )
    assert Organisation.objects.filter(name__iexact="acme corp").count() == 1
    assert member.profile.affiliations.count() == 2
    # A double submit of the same form adds its new line once.
    for _ in range(2):
        response = member_client.post(
            reverse("connections:profile_edit"), edit_data(**{"history-0-title": "Mentor"})
        )
        assert response.status_code == 302
    assert member.profile.affiliations.filter(title="Mentor").count() == 1


def test_profile_edit_field_over_its_limit_gives_a_message(member, member_client):
    response = member_client.post(
        reverse("connections:profile_edit"), edit_data(**{"profile-headline": "x" * 161})
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Your profile was not saved: please fix the fields marked below." in body
    assert "Ensure this value has at most 160 characters (it has 161)." in body
    member.profile.refresh_from_db()
    assert member.profile.headline == "Data engineer"


def test_profile_edit_end_before_start_is_refused(member, member_client):
    response = member_client.post(
        reverse("connections:profile_edit"), edit_data(**{"history-0-end": "2019-01-01"})
    )
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    assert not member.profile.affiliations.exists()


def test_profile_edit_only_touches_own_affiliations(member, member_client, make_member, affiliate):
    bob = make_member("bob")
    bobs = affiliate(bob, "Bobco", title="Owner")
    foreign = {"history-INITIAL_FORMS": "1", "history-0-id": str(bobs.id)}
    # A tampered form naming Bob's row edits nothing of Bob's (Django's inline formset only
    # looks the id up in Alice's own affiliations and skips a row it does not find).
    member_client.post(
        reverse("connections:profile_edit"), edit_data(**foreign, **{"history-0-title": "Mine"})
    )
    assert not member.profile.affiliations.exists()
    member_client.post(
        reverse("connections:profile_edit"), edit_data(**foreign, **{"history-0-DELETE": "on"})
    )
    bobs.refresh_from_db()
    assert (bobs.profile_id, bobs.title) == (bob.profile.id, "Owner")


def test_profile_edit_creates_a_missing_profile(client, django_user_model):
    admin = django_user_model.objects.create_user("root", password="x-long-password-1")
    client.force_login(admin)
    assert client.get(reverse("connections:profile_edit")).status_code == 200
    assert admin.profile.name == "root"


def _png(size=(8, 8)) -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def test_profile_photo_upload_replaces_the_initials(member, member_client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("me.png", _png(), content_type="image/png")
    response = member_client.post(
        reverse("connections:profile_edit"), {**edit_data(), "profile-photo": photo}
    )
    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.photo.name.startswith("photos/")
    body = member_client.get(reverse("connections:profile", args=[member.id])).content.decode()
    assert f'src="{member.profile.photo.url}"' in body and "avatar-initials" not in body
    assert member_client.get(member.profile.photo.url).status_code == 200


def test_profile_photo_that_is_not_an_image_or_too_large_is_refused(
    member, member_client, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("me.png", b"not an image", content_type="image/png")
    response = member_client.post(
        reverse("connections:profile_edit"), {**edit_data(), "profile-photo": fake}
    )
    assert "Upload a valid image." in response.content.decode()
    settings.PROFILE_PHOTO_MAX_BYTES = 100
    big = SimpleUploadedFile("me.png", _png((64, 64)), content_type="image/png")
    response = member_client.post(
        reverse("connections:profile_edit"), {**edit_data(), "profile-photo": big}
    )
    assert "The photo is too large" in response.content.decode()
    member.profile.refresh_from_db()
    assert not member.profile.photo


def test_directory_query_count_does_not_grow_with_the_page(
    member_client, make_member, affiliate, page_queries, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def directory_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert member_client.get(DIRECTORY).status_code == 200
        return len(captured)

    for i in range(3):
        affiliate(make_member(f"a{i}"), f"Company {i}")
    few = directory_queries()
    for i in range(3, 25):
        affiliate(make_member(f"a{i}"), f"Company {i}")
    assert directory_queries() == few
    # + the count, the page (with each person's relationship), their current positions
    with django_assert_num_queries(page_queries + 3):
        member_client.get(DIRECTORY, {"q": "company"})


def test_admin_lists_people_and_organisations(admin_client, make_member, affiliate):
    affiliate(make_member("bob", name="Bob Baker"), "Acme")
    assert "Bob Baker" in admin_client.get("/admin/connections/profile/").content.decode()
    assert "Acme" in admin_client.get("/admin/connections/organisation/").content.decode()


def test_directory_marks_people_already_connected(member, member_client, make_member, connect):
    bob = make_member("bob", name="Bob Baker")
    make_member("carol", name="Carol Chen")
    connect(member, bob)
    response = member_client.get(DIRECTORY)
    assert [p.is_connected for p in response.context["page"]] == [True, False]  # Bob, Carol
    assert response.content.decode().count('class="tag tag-connected">Connected<') == 1


def test_connect_and_message_buttons_appear_once_their_urls_exist(
    member_client, make_member, connect, member, settings
):
    bob = make_member("bob", name="Bob Baker")
    carol = make_member("carol", name="Carol Chen")
    connect(member, carol)
    profile_url = reverse("connections:profile", args=[bob.id])
    settings.ROOT_URLCONF = "tests.connections.urls_with_contracts"
    body = member_client.get(profile_url).content.decode()
    assert f'href="/people/{bob.id}/connect/" role="button" class="outline">Connect<' in body
    assert f'href="/messages/new/{bob.id}/" role="button" class="secondary outline">Message<' in (
        body
    )
    carols = member_client.get(reverse("connections:profile", args=[carol.id])).content.decode()
    assert ">Connected<" in carols and ">Connect<" not in carols
    directory = member_client.get(DIRECTORY).content.decode()
    assert f'href="/people/{bob.id}/connect/"' in directory
    assert f'href="/people/{carol.id}/connect/"' not in directory


@pytest.mark.parametrize("user_id", ["0", "99999999999999999999999"])
def test_profile_with_an_impossible_id_is_404(member_client, user_id):
    assert member_client.get(f"/people/{user_id}/").status_code == 404


# --- issue 13.1: a profile saves without a new position every time --------------------------


def blank_row(index: int) -> dict:
    """The "Add a position…" row as the browser submits it, untouched: Company preselected."""
    prefix = f"history-{index}-"
    fields = ("organisation_name", "title", "description", "start", "end")
    return {f"{prefix}organisation_kind": "company", **{prefix + f: "" for f in fields}}


def test_sign_up_then_save_only_a_headline(member, member_client):
    data = {
        "profile-name": "Alice Archer",
        "profile-headline": "Data engineer",
        "history-TOTAL_FORMS": "1",
        "history-INITIAL_FORMS": "0",
        **blank_row(0),
    }
    response = member_client.post(reverse("connections:profile_edit"), data)
    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.headline == "Data engineer"
    assert not member.profile.affiliations.exists()


def test_a_later_edit_with_the_blank_row_untouched_saves(member, member_client, affiliate):
    position = affiliate(member, "Acme", title="Engineer")
    data = {
        "profile-name": "Alice Archer",
        "profile-location": "Paris",
        "history-TOTAL_FORMS": "2",
        "history-INITIAL_FORMS": "1",
        "history-0-id": str(position.id),
        "history-0-organisation_kind": "company",
        "history-0-organisation_name": "Acme",
        "history-0-title": "Engineer",
        **blank_row(1),
    }
    response = member_client.post(reverse("connections:profile_edit"), data)
    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.location == "Paris"
    assert member.profile.affiliations.count() == 1


def test_a_refused_save_does_not_tick_the_checklist(make_member):
    from django.test import Client

    newbie = make_member("nina", name="Nina Newbie")
    client = Client()
    client.force_login(newbie)
    data = {
        "profile-name": "   ",  # refused: a name is required
        "profile-headline": "Pastry engineer",
        "history-TOTAL_FORMS": "1",
        "history-INITIAL_FORMS": "0",
        **blank_row(0),
    }
    response = client.post(reverse("connections:profile_edit"), data)
    assert response.status_code == 200
    assert "Your profile was not saved" in response.content.decode()
    headline = next(i for i in response.context["checklist"] if i.label == "Write a headline")
    assert headline.done is False
    assert response.context["checklist_done"] == 0


def test_photo_field_shows_the_photo_and_a_remove_box_not_raw_paths(
    member, member_client, settings, tmp_path
):
    """Not Django's "Currently: photos/photo.png / Clear / Change:" (issue 13.9)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    empty = member_client.get(reverse("connections:profile_edit")).content.decode()
    assert "Currently:" not in empty and "Remove my photo" not in empty
    assert 'class="avatar avatar-lg avatar-initials"' in empty
    photo = SimpleUploadedFile("me.png", _png(), content_type="image/png")
    member_client.post(reverse("connections:profile_edit"), {**edit_data(), "profile-photo": photo})
    member.profile.refresh_from_db()
    body = member_client.get(reverse("connections:profile_edit")).content.decode()
    assert "Currently:" not in body and "Change:" not in body
    assert member.profile.photo.name not in body.replace(member.profile.photo.url, "")
    assert f'src="{member.profile.photo.url}"' in body
    assert "Remove my photo" in body
    response = member_client.post(
        reverse("connections:profile_edit"), {**edit_data(), "profile-photo-clear": "on"}
    )
    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert not member.profile.photo
