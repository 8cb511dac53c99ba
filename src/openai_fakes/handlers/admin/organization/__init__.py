"""`client.admin.organization.*`: the SDK's resource files; organization.py answers projects, invites and
users, admin_api_keys.py the keys, service accounts and rate limits, groups/groups.py groups, roles and settings
(each still holds several resources); _organization.py, _routes.py and _invites.py are their shared helpers."""
