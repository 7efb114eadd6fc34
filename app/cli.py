"""Command-line tasks registered on the app: ``flask --app app <command>``."""

from __future__ import annotations

import click
from flask import Flask

from app.secrets import ensure_instance_secrets


def register_cli(app: Flask) -> None:
    @app.cli.command("init-instance")
    def init_instance() -> None:
        """Create instance/ with the session secret and the protocol signing key (mode 0600)."""
        created = ensure_instance_secrets(app.instance_path)
        for path in created:
            click.echo(f"created {path}")
        if not created:
            click.echo(f"instance secrets present in {app.instance_path}")

    @app.cli.command("create-user")
    @click.argument("username")
    @click.option("--role", type=click.Choice(["chair", "checkin", "protocol"]), required=True)
    @click.password_option()
    def create_user(username: str, role: str, password: str) -> None:
        """Create an official's account (chair, check-in desk or protocol-keeper)."""
        from app.services.accounts import AccountError
        from app.services.accounts import create_user as create

        try:
            create(username, password, role)
        except AccountError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"created {role} {username}")

    @app.cli.command("seed-demo")
    @click.option("--host", default="127.0.0.1:5000", help="Host and port shown in the links.")
    def seed_demo(host: str) -> None:
        """Seed the demo conference once and print the chair's URL and login."""
        from app.services.demo import seed_demo_conference

        info = seed_demo_conference(app.instance_path)
        base = f"http://{host}"
        click.echo("")
        click.echo("=" * 70)
        click.echo(f" Wahlgang demo: {info.conference_title}")
        click.echo(f" Chair (Tagungspräsidium): {base}/login")
        for role, (username, password) in info.logins.items():
            click.echo(f"   {role:<9} user: {username:<10} password: {password}")
        click.echo(f" Demo delegate phone links (checked in): see {info.links_file}")
        for name, fragment in info.sample_links:
            click.echo(f"   {name:<24} {base}/v/#{fragment}")
        click.echo("=" * 70)
