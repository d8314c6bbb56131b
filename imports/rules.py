"""Who may bring writing into a blog and take it out: the owner of a personal blog, and site admins
for any blog (DESIGN.md, "Who may do what"). A shared blog's editors may not: its writing is
everybody's, and moving it wholesale is for the site admin."""


def may_import_into(user, blog):
    return user.is_authenticated and (user.is_site_admin or (blog.owner_id is not None and blog.owner_id == user.pk))


def may_export(user, blog):
    return may_import_into(user, blog)
