"""`evidesk token` makes, lists and revokes API tokens from the command line."""

from rest_framework.test import APIClient

from evidesk.cli import main


def test_a_token_made_on_the_command_line_works_until_revoked(kb, owner, capsys):
    assert main(["token", "create", "--user", "owner", "--name", "Portal", "--scope", "read"]) == 0
    secret = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("evd_"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/cases/").status_code == 200
    assert client.post("/api/cases/", {}, format="json").status_code == 403  # read only

    assert main(["token", "list", "--user", "owner"]) == 0
    listed = capsys.readouterr().out
    assert secret[:12] in listed and secret not in listed and "active" in listed

    token = owner.api_tokens.get()
    assert main(["token", "revoke", str(token.pk), "--user", "owner"]) == 0
    assert client.get("/api/cases/").status_code == 401


def test_token_commands_refuse_clearly(kb, owner, capsys):
    assert main(["token", "create", "--user", "nobody", "--name", "x", "--scope", "read"]) != 0
    assert "no user named 'nobody'" in capsys.readouterr().err
    assert main(["token", "create", "--user", "owner", "--name", " ", "--scope", "read"]) != 0
    assert "Name the token" in capsys.readouterr().err
    assert main(["token", "revoke", "999", "--user", "owner"]) != 0
    assert "has no token 999" in capsys.readouterr().err
