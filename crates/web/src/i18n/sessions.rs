//! Texts of sign-in security and "Mijn sessies": (key, Nederlands, English).

pub(super) const TEXTS: &[(&str, &str, &str)] = &[
    (
        "login.locked",
        "Te veel mislukte pogingen. Probeer het over een kwartier opnieuw.",
        "Too many failed attempts. Please try again in a quarter of an hour.",
    ),
    ("nav.sessions", "Mijn sessies", "My sessions"),
    ("sessions.title", "Mijn sessies", "My sessions"),
    (
        "sessions.intro",
        "Hier ziet u waar u nu bent ingelogd. Herkent u een sessie niet? Meld die af en verander uw wachtwoord.",
        "These are the places where you are signed in now. Do you not recognise a session? Sign it out and change your password.",
    ),
    ("sessions.started", "Ingelogd op", "Signed in at"),
    ("sessions.last_seen", "Laatst gebruikt", "Last used"),
    ("sessions.source", "Adres", "Address"),
    ("sessions.browser", "Browser", "Browser"),
    ("sessions.unknown", "onbekend", "unknown"),
    ("sessions.current", "Deze sessie", "This session"),
    ("sessions.sign_out", "Afmelden", "Sign out"),
    ("sessions.sign_out_all", "Overal afmelden", "Sign out everywhere"),
    (
        "sessions.sign_out_all_hint",
        "Hiermee meldt u alle sessies af, ook deze. Daarna logt u opnieuw in.",
        "This signs out every session, this one too. You then sign in again.",
    ),
    ("sessions.none", "Er zijn geen andere sessies.", "There are no other sessions."),
    ("sessions.ended", "De sessie is afgemeld.", "The session has been signed out."),
    (
        "sessions.rules",
        "Een sessie stopt vanzelf als u een tijd niets doet, en altijd een vaste tijd na het inloggen. Als uw wachtwoord verandert, worden al uw sessies afgemeld.",
        "A session ends by itself when you do nothing for a while, and always a fixed time after signing in. When your password changes, all your sessions are signed out.",
    ),
];
