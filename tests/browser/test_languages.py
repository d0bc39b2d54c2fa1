"""The example handbook in two languages: switching from a page to its
translation, searching in French, and one form whose answers follow the
reader from one language to the other."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect


def test_switch_language_to_the_same_page(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/guide/clear-expectations.html")
    switch = page.locator(".language-switch")
    expect(switch.locator("[aria-current]")).to_have_text("English")
    switch.get_by_role("link", name="Français").click()
    page.wait_for_load_state()
    assert page.url == base_url + "fr/guide/clear-expectations.html"
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.locator("h1")).to_have_text("Clarifier les attentes")
    expect(page.locator("#search-input")).to_have_attribute("placeholder", "Rechercher dans le guide")
    expect(page.locator(".toc h2")).to_have_text("Sur cette page")
    page.locator(".language-switch").get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.url == base_url + "en/guide/clear-expectations.html"


def test_front_door_from_disk_leads_to_each_language(page: Page, site_dir: Path) -> None:
    page.goto((site_dir / "index.html").as_uri())
    page.get_by_role("link", name="Français Le manuel du mentorat").click()
    page.wait_for_load_state()
    assert page.url == (site_dir / "fr" / "index.html").as_uri()
    expect(page.locator(".site-title")).to_have_text("Le manuel du mentorat")


def test_search_in_french_from_disk(page: Page, site_dir: Path) -> None:
    page.goto((site_dir / "fr" / "roles.html").as_uri())
    page.locator("#search-input").fill("confidentialité")
    first = page.locator(".search-results a").first
    expect(first).to_have_text("La confidentialité et ses limites")
    status = page.locator(".search-status").inner_text()
    assert status.endswith("résultats") or status.endswith("résultat"), status
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith((site_dir / "fr").as_uri()), "French results lead to French pages"


def test_answers_follow_the_reader_to_the_translated_form(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/forms/agreement.html")
    page.fill("#input-mentor_name", "Amira Haddad")
    page.check("input[name=duration][value='6 months']")
    page.locator(".language-switch").get_by_role("link", name="Français").click()
    page.wait_for_load_state()
    assert page.url == base_url + "fr/forms/agreement.html"
    expect(page.locator("#input-mentor_name")).to_have_value("Amira Haddad")
    expect(page.locator("input[name=duration][value='6 months']")).to_be_checked()
    expect(page.locator("label[for=input-mentor_name]")).to_contain_text("Nom du mentor")
    expect(page.locator(".form-toolbar [data-action=print]")).to_have_text("Imprimer")
    expect(page.locator(".form-status")).to_contain_text("Vos réponses de la dernière visite sont revenues")
