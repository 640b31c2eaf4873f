from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from connections.profiles import selectors, services
from connections.profiles.forms import AffiliationFormSet, PeopleSearchForm, ProfileForm, SignupForm

User = get_user_model()
PEOPLE_PER_PAGE = 20
MUTUALS_SHOWN = 12


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.member_signup(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
            )
        except services.UsernameTaken:
            # The same words as the form's own check, which the other submit passed too.
            form.add_error("username", User._meta.get_field("username").error_messages["unique"])
        else:
            login(request, user, backend="netiquette.core.permissions.OneQueryModelBackend")
            messages.success(request, "Welcome! Start by filling in your profile.")
            return redirect("connections:profile_edit")
    return render(request, "registration/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    """Logs out on POST only (a link cannot log anyone out); GET asks to confirm."""
    if request.method == "POST":
        logout(request)
        messages.info(request, "You have been logged out.")
        return redirect("home")
    return render(request, "registration/logout_confirm.html")


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    form = PeopleSearchForm(request.GET)
    form.is_valid()  # the only field is optional text: always valid
    query = selectors.PeopleQuery.parse(form.cleaned_data.get("q"))
    people = selectors.people_search(query=query.text, exclude_user_id=request.user.id)
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "query": query,
        "page": page,
        "max_length": selectors.SEARCH_MAX_LENGTH,
    }
    template = "connections/directory.html"
    if request.htmx and request.htmx.target == "people-results":
        template += "#results"
    return render(request, template, context)


@login_required
def profile(request: HttpRequest, user_id: int) -> HttpResponse:
    profile = selectors.profile_for_page(user_id=user_id, viewer_id=request.user.id)
    if profile is None:
        if user_id == request.user.id:  # an account made outside sign-up: start a profile
            return redirect("connections:profile_edit")
        raise Http404("No member with that id.")
    viewer_id = request.user.id
    is_self = viewer_id == profile.user_id
    context = {"profile": profile, "is_self": is_self}
    groups = {"position": [], "education": [], "membership": []}
    for affiliation in profile.all_affiliations:
        groups[affiliation.kind].append(affiliation)
    context.update(
        positions=groups["position"],
        education=groups["education"],
        memberships=groups["membership"],
    )
    if not is_self:
        mutuals = selectors.mutual_connections(user_a_id=viewer_id, user_b_id=profile.user_id)
        context.update(
            connected=profile.is_connected,
            mutual_count=mutuals.count(),
            mutuals=mutuals[:MUTUALS_SHOWN],
            shared=selectors.shared_organisations(
                user_a_id=viewer_id, user_b_id=profile.user_id
            ).order_by("kind", "name"),
        )
    else:
        context["checklist"] = selectors.profile_completeness(profile=profile)
        context["checklist_done"] = sum(item.done for item in context["checklist"])
    return render(request, "connections/profile.html", context)


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = services.profile_ensure(user=request.user)
    # What is saved, before the bound form writes the submitted values onto the instance: a
    # refused save must not tick "Write a headline".
    checklist = selectors.profile_completeness(profile=profile)
    saved_photo = profile.photo
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    profile_form = ProfileForm(data, files, instance=profile, prefix="profile")
    affiliation_formset = AffiliationFormSet(data, instance=profile, prefix="history")
    if request.method == "POST":
        if profile_form.is_valid() and affiliation_formset.is_valid():
            services.profile_update(
                profile_form=profile_form, affiliation_formset=affiliation_formset
            )
            messages.success(request, "Your profile is saved.")
            return redirect("connections:profile", user_id=request.user.id)
        messages.error(request, "Your profile was not saved: please fix the fields marked below.")
    context = {
        "profile_form": profile_form,
        "affiliation_formset": affiliation_formset,
        "checklist": checklist,
        "checklist_done": sum(item.done for item in checklist),
        "profile": profile,
        "saved_photo": saved_photo,
    }
    return render(request, "connections/profile_edit.html", context)
