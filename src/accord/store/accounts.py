"""Accounts of ``accord serve``: users with a role and a password, and sign-in sessions.

Passwords are hashed with Argon2id (argon2-cffi's defaults, RFC 9106's second
recommendation: 3 passes over 64 MiB, 4 lanes; about 0.1 s a hash). Hashing is slow and
memory-hungry on purpose, so at most :data:`HASHING_AT_ONCE` hashes run at a time in a
process: a burst of sign-ins queues instead of taking 64 MiB each at once.

A session's secret (32 random bytes, URL-safe) is held by the client only; the database
keeps its SHA-256, so reading the database does not give anyone a live session. Every
session expires; ending one, changing a user's password or removing the user deletes
rows, so the next request with the old secret is refused whatever process serves it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from accord.store.db import first_row, reading, writing
from accord.store.errors import NotFound, StoreError
from accord.store.records import SessionInfo, User
from accord.store.tables import ROLES, USER_LENGTH, SessionRow, UserRow, now, utc

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

#: Passwords: at least this many characters (NIST SP 800-63B's floor), at most
#: MAX_PASSWORD (hashing a megabyte would be a cheap way to tie up the server).
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
#: A user name: letters, digits and . _ @ - (so it reads as an author in any page or log).
NAME_PATTERN = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._@-]{{0,{USER_LENGTH - 1}}}")
#: Names a user cannot take: what a change by nobody in particular is attributed to.
RESERVED_NAMES = ("anonymous",)
#: Secrets longer than this are not ours (ours are 43 characters): refused unread.
MAX_SECRET = 128
HASHING_AT_ONCE = 2
_HASHING = threading.BoundedSemaphore(HASHING_AT_ONCE)


def check_name(name: object) -> str:
    """A user name as given, if it may be one; why not, otherwise.

    A name is what a user's saves are attributed to, so it must read cleanly in any page or
    log: 1 to ``USER_LENGTH`` letters, digits or ``. _ @ -``, starting with a letter or digit,
    and not a reserved name (``anonymous``, what a change by nobody in particular shows).

    Raises:
        StoreError: the name is not text, breaks the pattern or is reserved.

    Example:
        >>> check_name("ana.k")
        'ana.k'
        >>> check_name("anonymous")
        Traceback (most recent call last):
        ...
        accord.store.errors.StoreError: 'anonymous' is reserved; choose another user name
    """
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise StoreError(
            f"a user name is 1 to {USER_LENGTH} letters, digits or . _ @ - "
            f"(starting with a letter or digit), not {name!r}"
        )
    if name.lower() in RESERVED_NAMES:
        raise StoreError(f"'{name}' is reserved; choose another user name")
    return name


def check_role(role: object) -> str:
    """The role as given, if it is one of ``ROLES`` (viewer, editor, admin).

    Raises:
        StoreError: an unknown role, with the list of valid ones.

    Example:
        >>> check_role("editor")
        'editor'
        >>> check_role("owner")
        Traceback (most recent call last):
        ...
        accord.store.errors.StoreError: unknown role 'owner'; roles: viewer, editor, admin
    """
    if role not in ROLES:
        raise StoreError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    assert isinstance(role, str)
    return role


def check_password(password: object, name: str = "") -> str:
    """The password as given, if it may be one for the user ``name``.

    From ``MIN_PASSWORD`` to ``MAX_PASSWORD`` characters (the upper bound keeps a megabyte
    "password" from tying up the slow hash) and not the user name itself, in any case.

    Raises:
        StoreError: the password is not text, too short, too long or the user name.

    Example:
        >>> check_password("correct horse", "ana")
        'correct horse'
        >>> check_password("short")
        Traceback (most recent call last):
        ...
        accord.store.errors.StoreError: a password needs at least 8 characters
    """
    if not isinstance(password, str):
        raise StoreError("a password must be text")
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise StoreError(f"a password has at most {MAX_PASSWORD} characters")
    if name and password.lower() == name.lower():
        raise StoreError("the password cannot be the user name")
    return password


def session_key(secret: str) -> str:
    """What the database keeps of a session's secret: its SHA-256, in hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _user(row: UserRow) -> User:
    return User(
        name=row.name,
        role=row.role,
        created=utc(row.created),
        password_changed=utc(row.password_changed),
    )


class Accounts:
    """Users, roles, passwords and sessions in the store's database (``store.accounts``).

    Every method is one short transaction, as the Store's are. ``hasher`` is the Argon2
    hasher new hashes are made with (verifying reads the parameters from each hash, and a
    hash made with other parameters is replaced at the next successful sign-in).
    """

    def __init__(self, sessions: sessionmaker[Session], hasher: PasswordHasher | None = None):
        self._sessions = sessions
        self.hasher = hasher or PasswordHasher()
        self._dummy: str | None = None

    # --- hashing ----------------------------------------------------------------------------
    def _hash(self, password: str) -> str:
        with _HASHING:
            return self.hasher.hash(password)

    def _matches(self, hashed: str, password: str) -> bool:
        with _HASHING:
            try:
                return self.hasher.verify(hashed, password)
            except (VerificationError, InvalidHashError):
                return False

    def _dummy_hash(self) -> str:
        # An unknown name costs a full verification too, so timing does not tell which
        # names exist.
        if self._dummy is None:
            self._dummy = self._hash(secrets.token_urlsafe(16))
        return self._dummy

    # --- users ------------------------------------------------------------------------------
    def users(self) -> list[User]:
        """Every user, by name."""
        with reading(self._sessions) as s:
            return [_user(r) for r in s.scalars(select(UserRow).order_by(UserRow.name))]

    def count(self) -> int:
        """How many users there are; with none, ``accord serve`` does not ask anyone to sign in
        with a name (open or single-token mode).
        """
        with reading(self._sessions) as s:
            return int(s.scalar(select(func.count()).select_from(UserRow)) or 0)

    def user(self, name: str) -> User:
        """The user called ``name``.

        Raises:
            NotFound: no such user.
        """
        with reading(self._sessions) as s:
            row = s.get(UserRow, name) if isinstance(name, str) else None
            if row is None:
                raise NotFound(f"no user '{name}'")
            return _user(row)

    def add(self, name: str, password: str, role: str) -> User:
        """A new user; StoreError if the name is taken or a value is not valid."""
        name, role = check_name(name), check_role(role)
        hashed = self._hash(check_password(password, name))
        taken = StoreError(f"a user '{name}' already exists; choose another name")
        try:
            with writing(self._sessions) as s:
                if s.get(UserRow, name) is not None:
                    raise taken
                when = now()
                row = UserRow(
                    name=name, role=role, password_hash=hashed, created=when, password_changed=when
                )
                s.add(row)
                s.flush()
                return _user(row)
        except IntegrityError:  # added by someone else between the check and the insert
            raise taken from None

    def remove(self, name: str) -> None:
        """Remove a user and end their sessions. The last admin cannot be removed while
        other users remain (no one could then manage them)."""
        with writing(self._sessions) as s:
            row = self._row(s, name)
            self._keep_an_admin(s, row, leaving=True)
            s.execute(delete(SessionRow).where(SessionRow.user_name == name))
            s.delete(row)

    def set_role(self, name: str, role: str) -> User:
        """Give the user ``name`` a new role; the user as changed.

        Raises:
            StoreError: ``role`` is not one of ``ROLES``, or the user is the last admin and the
                new role is not admin (someone must remain able to manage accounts).
            NotFound: no such user.
        """
        role = check_role(role)
        with writing(self._sessions) as s:
            row = self._row(s, name)
            if role != "admin":
                self._keep_an_admin(s, row, leaving=False)
            row.role = role
            s.flush()
            return _user(row)

    def set_password(self, name: str, password: str) -> int:
        """Set a new password and end every session of the user (a stolen cookie dies with
        the old password); the number of sessions ended."""
        hashed = self._hash(check_password(password, name))
        with writing(self._sessions) as s:
            row = self._row(s, name)
            row.password_hash = hashed
            row.password_changed = now()
            ended = s.execute(delete(SessionRow).where(SessionRow.user_name == name))
            return int(getattr(ended, "rowcount", 0) or 0)

    def verify(self, name: str, password: str) -> User | None:
        """The user if ``password`` is theirs, else None (unknown names included, after
        the same work)."""
        if not isinstance(name, str) or not isinstance(password, str):
            return None
        if len(password) > MAX_PASSWORD or not NAME_PATTERN.fullmatch(name):
            self._matches(self._dummy_hash(), "")
            return None
        with reading(self._sessions) as s:
            row = s.get(UserRow, name)
            found = (row.password_hash, _user(row)) if row is not None else None
        if found is None:
            self._matches(self._dummy_hash(), password)
            return None
        hashed, user = found
        if not self._matches(hashed, password):
            return None
        if self.hasher.check_needs_rehash(hashed):
            new = self._hash(password)
            with writing(self._sessions) as s:
                # only if the password is still the one just checked
                row = s.get(UserRow, name)
                if row is not None and row.password_hash == hashed:
                    row.password_hash = new
        return user

    @staticmethod
    def _row(s: Session, name: str) -> UserRow:
        row = s.get(UserRow, name) if isinstance(name, str) else None
        if row is None:
            raise NotFound(f"no user '{name}'")
        return row

    @staticmethod
    def _keep_an_admin(s: Session, row: UserRow, *, leaving: bool) -> None:
        if row.role != "admin":
            return
        admins = s.scalar(select(func.count()).where(UserRow.role == "admin")) or 0
        others = s.scalar(select(func.count()).where(UserRow.name != row.name)) or 0
        if admins <= 1 and (others > 0 or not leaving):
            raise StoreError(
                f"'{row.name}' is the last admin: make another user admin first "
                "(accord users role NAME admin)"
            )

    # --- sessions ---------------------------------------------------------------------------
    def start_session(self, user: str | None, lifetime: timedelta) -> tuple[str, SessionInfo]:
        """A new session for ``user`` (None: the single-token mode), valid for ``lifetime``;
        the secret to give the client, and the session. Expired sessions are swept."""
        if lifetime <= timedelta(0):
            raise StoreError("a session's lifetime must be positive")
        secret = secrets.token_urlsafe(32)
        with writing(self._sessions) as s:
            when = now()
            s.execute(delete(SessionRow).where(SessionRow.expires <= when))
            person = self._row(s, user) if user is not None else None
            row = SessionRow(
                id=session_key(secret),
                user_name=user,
                created=when,
                expires=when + lifetime,
            )
            s.add(row)
            s.flush()
            info = SessionInfo(
                key=row.id,
                user=_user(person) if person is not None else None,
                created=when,
                expires=row.expires,
            )
        return secret, info

    def session(self, secret: str, at: datetime | None = None) -> SessionInfo | None:
        """The live session whose secret is ``secret`` (at time ``at``, default now), with
        its user's current role; None if there is none or it has expired."""
        if not isinstance(secret, str) or not 0 < len(secret) <= MAX_SECRET:
            return None
        key = session_key(secret)
        # Every request of the web app asks this: a plain query, not an ORM session.
        row = first_row(
            self._sessions,
            select(
                SessionRow.created,
                SessionRow.expires,
                UserRow.name,
                UserRow.role,
                UserRow.created.label("user_created"),
                UserRow.password_changed,
            )
            .outerjoin(UserRow, SessionRow.user_name == UserRow.name)
            .where(SessionRow.id == key),
        )
        if row is None or utc(row.expires) <= (at or now()):
            return None
        person = (
            None
            if row.name is None
            else User(
                name=row.name,
                role=row.role,
                created=utc(row.user_created),
                password_changed=utc(row.password_changed),
            )
        )
        return SessionInfo(key=key, user=person, created=utc(row.created), expires=utc(row.expires))

    def end_session(self, secret: str) -> None:
        """End one session (signing out); nothing happens if it is unknown."""
        if isinstance(secret, str) and 0 < len(secret) <= MAX_SECRET:
            with writing(self._sessions) as s:
                s.execute(delete(SessionRow).where(SessionRow.id == session_key(secret)))

    def end_sessions(self, user: str | None) -> int:
        """End every session of ``user`` (None: every session of the single-token mode);
        how many were ended."""
        where = SessionRow.user_name.is_(None) if user is None else SessionRow.user_name == user
        with writing(self._sessions) as s:
            ended = s.execute(delete(SessionRow).where(where))
            return int(getattr(ended, "rowcount", 0) or 0)
