-- Default targets per role for result agreements (functioneel beheer may change or clear them
-- on /beheer/resultaatafspraken). Seeded once: activiteitenbegeleiding asks at least level 3 on
-- work/education and social participation, and level 2 on basic and instrumental ADL and the
-- social network. The role row is written here too (the built-in catalogue is otherwise seeded
-- after the migrations run; the later seeding skips roles that exist).
INSERT INTO roles (code, name, scope, admin, builtin) VALUES ('activiteitenbegeleider', 'Activiteitenbegeleider', 'relatie', FALSE, TRUE)
    ON CONFLICT (code) DO NOTHING;
INSERT INTO role_target_defaults (role_code, domain_code, level) VALUES
    ('activiteitenbegeleider', 'zrm_werk', 3),
    ('activiteitenbegeleider', 'zrm_participatie', 3),
    ('activiteitenbegeleider', 'zrm_badl', 2),
    ('activiteitenbegeleider', 'zrm_iadl', 2),
    ('activiteitenbegeleider', 'zrm_netwerk', 2)
    ON CONFLICT (role_code, domain_code) DO NOTHING;
