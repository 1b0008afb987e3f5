"""Who gets what: every route of the site and every operation of the API, as each persona.

One row per route and method: what an anonymous visitor, an agent (Ingrid, of the Oslo team),
a supervisor and an admin get. Path parameters are filled with the objects of one world (see
test_rbac_table.py): the case, contact, email, attachment and call belong to the Helsinki team,
so an agent's refusals show the visibility policy (decision 19): 403 in the desk, 404 in the
API. LOGIN is a redirect to the sign-in page, ADMIN_LOGIN to the admin site's; a number is the
status code. `data` is the body of an unsafe method ("{name}" takes an object of the world).
Webhooks are requested with a wrong token. Adding a route: add one row.
"""

from __future__ import annotations

import time

from lytte.community.forms import started_token
from lytte.platform.tests.rbac import ADMIN_LOGIN, LOGIN, Row

__all__ = ["ADMIN_CANNOT_ADD", "ADMIN_LOGIN", "API", "OPEN", "PAGES", "SOCKETS"]

NEW_CASE = {"channel": "phone", "name": "Liisa Virtanen", "address": "+358 40 765 4321"}
NOTE = {"note": "Ringte tilbake", "no_reason_yet": "on"}
REPLY = {"to": "kari@example.no", "body": "Hei Kari!"}
CUSTOMER = {"name": "Liisa Virtanen", "phones": ["+358 40 765 4321"]}
CONTACT = {"case": "{case_id}", "channel": "note", "direction": "internal", "body": "Hei"}
REASON = {"code": "billing", "name": "Billing", "name_nb": "Faktura"}
# The knowledge base's world: a public article published in Norwegian, saved twice, with a file.
ARTICLE_FORM = {"source_language": "nb", "visibility": "public", "title": "Ny artikkel"}
ARTICLE = {"source_language": "nb", "title": "Returetikett", "body": "Skriv ut etiketten."}
# The community's posting forms as a person sends them: the honeypot empty, shown a while ago.
COMMUNITY_REPLY = {
    "body": "Vi ser på det",
    "website": "",
    "started": started_token(time.time() - 60),
}
COMMUNITY_THREAD = "help/<lang:lang>/community/threads/<int:thread_id>/"
COMMUNITY_SUSPEND = "help/<lang:lang>/community/members/<int:member_id>/suspend/"
COMMUNITY_POST = COMMUNITY_THREAD + "posts/<int:post_id>/"

# fmt: off
PAGES: list[Row] = [
    #   method  route                                           anon   agent  superv admin
    Row("GET",  "healthz",                                      200,   200,   200,   200),
    Row("GET",  "",                                             LOGIN, 302,   302,   302),
    Row("GET",  "login/",                                       200,   302,   302,   302),
    Row("POST", "login/",                                       200,   302,   302,   302,
        data={"username": "ingrid", "password": "wrong"}),
    # The code step without a password step before it: back to the sign-in page.
    Row("GET",  "login/code/",                                  LOGIN, LOGIN, LOGIN, LOGIN),
    Row("POST", "login/code/",                                  LOGIN, LOGIN, LOGIN, LOGIN,
        data={"code": "123456"}),
    Row("GET",  "logout/",                                      405,   405,   405,   405),
    Row("POST", "logout/",                                      LOGIN, LOGIN, LOGIN, LOGIN),
    Row("GET",  "account/",                                     LOGIN, 200,   200,   200),
    Row("POST", "account/",                                     LOGIN, 302,   302,   302,
        data={"language": "fi"}),
    Row("GET",  "account/password/",                            LOGIN, 405,   405,   405),
    Row("POST", "account/password/",                            LOGIN, 400,   400,   400),
    Row("GET",  "account/start-page/",                          LOGIN, 405,   405,   405),
    Row("POST", "account/start-page/",                          LOGIN, 403,   302,   302),
    Row("GET",  "account/two-factor/",                          LOGIN, 200,   200,   200),
    Row("POST", "account/two-factor/",                          LOGIN, 400,   400,   400,
        data={"code": "123456"}),
    Row("GET",  "account/two-factor/off/",                      LOGIN, 405,   405,   405),
    Row("POST", "account/two-factor/off/",                      LOGIN, 400,   400,   400,
        data={"code": "123456"}),
    Row("GET",  "account/tokens/new/",                          LOGIN, 405,   405,   405),
    Row("POST", "account/tokens/new/",                          LOGIN, 200,   200,   200,
        data={"name": "Skript"}),
    Row("GET",  "account/tokens/<int:token_id>/revoke/",        LOGIN, 405,   405,   405),
    # The token is the agent's: nobody else's to revoke.
    Row("POST", "account/tokens/<int:token_id>/revoke/",        LOGIN, 302,   404,   404),
    Row("GET",  "desk/",                                        LOGIN, 200,   200,   200),
    Row("GET",  "desk/counts/",                                 LOGIN, 200,   200,   200),
    Row("GET",  "desk/queues/<str:name>/",                      LOGIN, 200,   200,   200),
    Row("GET",  "desk/search/",                                 LOGIN, 200,   200,   200),
    Row("GET",  "desk/reasons/",                                LOGIN, 200,   200,   200),
    Row("GET",  "desk/new/",                                    LOGIN, 200,   200,   200),
    Row("POST", "desk/new/",                                    LOGIN, 302,   302,   302,
        data=NEW_CASE),
    Row("GET",  "desk/cases/<int:number>/",                     LOGIN, 403,   200,   200),
    Row("GET",  "desk/cases/<int:number>/log/",                 405,   405,   405,   405),
    Row("POST", "desk/cases/<int:number>/log/",                 LOGIN, 403,   422,   422,
        data=NOTE),
    Row("GET",  "desk/cases/<int:number>/customers/",           LOGIN, 403,   200,   200),
    Row("GET",  "desk/cases/<int:number>/customer/",            405,   405,   405,   405),
    Row("POST", "desk/cases/<int:number>/customer/",            LOGIN, 403,   302,   302,
        data={"customer": "{customer_id}"}),
    Row("GET",  "desk/cases/<int:number>/reply/",               405,   405,   405,   405),
    Row("POST", "desk/cases/<int:number>/reply/",               LOGIN, 403,   302,   302,
        data=REPLY),
    # Answering an escalated community question (issue 16): the world's case is no forum case.
    Row("GET",  "desk/cases/<int:number>/community-reply/",     405,   405,   405,   405),
    Row("POST", "desk/cases/<int:number>/community-reply/",     LOGIN, 403,   404,   404,
        data={"community-body": "Hei"}),
    Row("GET",  "desk/cases/<int:number>/reason-suggestions/",  LOGIN, 403,   200,   200),
    Row("GET",  "desk/cases/<int:number>/articles/",            LOGIN, 403,   200,   200),
    Row("GET",  "desk/cases/<int:number>/articles/used/",       405,   405,   405,   405),
    # The world has no article: one that is not there is not found.
    Row("POST", "desk/cases/<int:number>/articles/used/",       LOGIN, 403,   404,   404,
        data={"translation": "0"}),
    Row("GET",  "desk/mail/messages/<int:pk>/",                 LOGIN, 403,   200,   200,
        ids={"pk": "message"}),
    Row("GET",  "desk/mail/attachments/<int:pk>/",              LOGIN, 403,   200,   200,
        ids={"pk": "attachment"}),
    Row("GET",  "desk/customers/<int:pk>/",                     LOGIN, 200,   200,   200,
        ids={"pk": "customer_id"}),
    Row("GET",  "desk/customers/<int:pk>/export/",              405,   405,   405,   405,
        ids={"pk": "customer_id"}),
    Row("POST", "desk/customers/<int:pk>/export/",              LOGIN, 403,   200,   200,
        ids={"pk": "customer_id"}),
    Row("GET",  "desk/customers/<int:pk>/erase/",               LOGIN, 403,   403,   200,
        ids={"pk": "customer_id"}),
    # The wrong name: the admin is asked again (422), nothing is erased.
    Row("POST", "desk/customers/<int:pk>/erase/",               LOGIN, 403,   403,   422,
        ids={"pk": "customer_id"}, data={"name": "Ola", "reason": "Kunden ba om sletting"}),
    # Live chat in the desk. The world's chat waits in Helsinki's queue, with no case yet: the
    # Oslo agent may neither see nor take it (403); a supervisor may step in. Nobody is in it,
    # so writing is refused (409) and ending has no case to log a reason on (422).
    Row("GET",  "desk/chats/",                                  LOGIN, 200,   200,   200),
    Row("GET",  "desk/chats/queue/",                            LOGIN, 200,   200,   200),
    Row("GET",  "desk/chats/availability/",                     405,   405,   405,   405),
    Row("POST", "desk/chats/availability/",                     LOGIN, 302,   302,   302,
        data={"available": "on", "capacity": "2"}),
    Row("GET",  "desk/chats/heartbeat/",                        405,   405,   405,   405),
    Row("POST", "desk/chats/heartbeat/",                        LOGIN, 204,   204,   204),
    Row("GET",  "desk/chats/unread/",                           LOGIN, 200,   200,   200),
    Row("GET",  "desk/chats/next/",                             405,   405,   405,   405),
    Row("POST", "desk/chats/next/",                             LOGIN, 302,   302,   302),
    Row("GET",  "desk/chats/<int:conversation_id>/",            LOGIN, 403,   200,   200),
    Row("GET",  "desk/chats/<int:conversation_id>/accept/",     405,   405,   405,   405),
    Row("POST", "desk/chats/<int:conversation_id>/accept/",     LOGIN, 403,   302,   302),
    Row("GET",  "desk/chats/<int:conversation_id>/messages/",   LOGIN, 403,   200,   200),
    Row("POST", "desk/chats/<int:conversation_id>/messages/",   LOGIN, 403,   409,   409,
        data={"body": "Hei"}),
    Row("GET",  "desk/chats/<int:conversation_id>/typing/",     405,   405,   405,   405),
    Row("POST", "desk/chats/<int:conversation_id>/typing/",     LOGIN, 403,   204,   204),
    Row("GET",  "desk/chats/<int:conversation_id>/read/",       405,   405,   405,   405),
    Row("POST", "desk/chats/<int:conversation_id>/read/",       LOGIN, 403,   204,   204,
        data={"upto": "0"}),
    Row("GET",  "desk/chats/<int:conversation_id>/transfer/",   405,   405,   405,   405),
    Row("POST", "desk/chats/<int:conversation_id>/transfer/",   LOGIN, 403,   302,   302,
        data={"to_team": "{team_id}", "note": "Finsk kunde"}),
    Row("GET",  "desk/chats/<int:conversation_id>/end/",        405,   405,   405,   405),
    Row("POST", "desk/chats/<int:conversation_id>/end/",        LOGIN, 403,   422,   422),
    Row("GET",  "desk/chats/<int:conversation_id>/articles/",   LOGIN, 403,   200,   200),
    Row("GET",  "desk/chats/<int:conversation_id>/customers/",  LOGIN, 403,   200,   200),
    Row("GET",  "desk/chats/<int:conversation_id>/customer/",   405,   405,   405,   405),
    Row("POST", "desk/chats/<int:conversation_id>/customer/",   LOGIN, 403,   302,   302,
        data={"customer": "{customer_id}"}),
    Row("GET",  "desk/calls/",                                  LOGIN, 200,   200,   200),
    Row("GET",  "desk/calls/settings/",                         LOGIN, 200,   200,   200),
    Row("POST", "desk/calls/settings/",                         LOGIN, 302,   302,   302,
        data={"auto_open": "on"}),
    # The call was logged on the Helsinki case: it follows its case.
    Row("GET",  "desk/calls/<int:call_id>/pop/",                LOGIN, 404,   200,   200),
    Row("GET",  "desk/calls/<int:call_id>/take/",               405,   405,   405,   405),
    Row("POST", "desk/calls/<int:call_id>/take/",               LOGIN, 404,   302,   302,
        data={"case": "new"}),
    Row("GET",  "desk/calls/<int:call_id>/called-back/",        405,   405,   405,   405),
    Row("POST", "desk/calls/<int:call_id>/called-back/",        LOGIN, 404,   302,   302),
    # Survey answers: an agent sees those on their own cases; supervisors close follow-ups
    # (the world has none: a supervisor's POST finds nothing to close).
    Row("GET",  "desk/feedback/",                               LOGIN, 200,   200,   200),
    Row("GET",  "desk/feedback/follow-ups/<int:follow_up_id>/", 405,   405,   405,   405,
        ids={"follow_up_id": "case_id"}),
    Row("POST", "desk/feedback/follow-ups/<int:follow_up_id>/", LOGIN, 403,   404,   404,
        ids={"follow_up_id": "case_id"}, data={"result": "Ringte"}),
    Row("GET",  "desk/knowledge/",                              LOGIN, 200,   200,   200),
    Row("GET",  "desk/knowledge/new/",                          LOGIN, 200,   200,   200),
    Row("POST", "desk/knowledge/new/",                          LOGIN, 302,   302,   302,
        data=ARTICLE_FORM),
    Row("GET",  "desk/knowledge/preview/",                      405,   405,   405,   405),
    Row("POST", "desk/knowledge/preview/",                      LOGIN, 200,   200,   200,
        data={"body": "**Hei**"}),
    Row("GET",  "desk/knowledge/go/<str:language>/<str:slug>/", LOGIN, 302,   302,   302),
    Row("GET",  "desk/knowledge/synonyms/",                     LOGIN, 200,   200,   200),
    # Synonyms change what customers find: a publisher's to edit, as articles are.
    Row("POST", "desk/knowledge/synonyms/",                     LOGIN, 403,   302,   302,
        data={"text": "ordre, bestilling", "action": "save"}),
    Row("GET",  "desk/knowledge/articles/<int:article_id>/",    LOGIN, 200,   200,   200),
    Row("POST", "desk/knowledge/articles/<int:article_id>/",    LOGIN, 302,   302,   302,
        data={"source_language": "nb", "visibility": "public", "tags": "faktura"}),
    Row("GET",  "desk/knowledge/articles/<int:article_id>/related/", LOGIN, 200, 200,   200),
    Row("GET",  "desk/knowledge/articles/<int:article_id>/translations/", LOGIN, 200, 200, 200),
    Row("GET",  "desk/knowledge/articles/<int:article_id>/files/", 405,  405,   405,   405),
    Row("POST", "desk/knowledge/articles/<int:article_id>/files/", LOGIN, 302,  302,   302),
    Row("GET",  "desk/knowledge/articles/<int:article_id>/<str:language>/", LOGIN, 200, 200, 200),
    Row("GET",  "desk/knowledge/articles/<int:article_id>/<str:language>/edit/",
        LOGIN, 200, 200, 200),
    # The text is published: a publisher's to change (decision 0031).
    Row("POST", "desk/knowledge/articles/<int:article_id>/<str:language>/edit/",
        LOGIN, 403, 302, 302, data={"title": "Ny tittel", "body": "Ny tekst"}),
    Row("GET",  "desk/knowledge/articles/<int:article_id>/<str:language>/state/",
        405, 405, 405, 405),
    Row("POST", "desk/knowledge/articles/<int:article_id>/<str:language>/state/",
        LOGIN, 403, 302, 302, data={"state": "archived"}),
    Row("GET",  "desk/knowledge/articles/<int:article_id>/<str:language>/history/",
        LOGIN, 200, 200, 200),
    Row("GET",  "desk/knowledge/articles/<int:article_id>/<str:language>/history/"
                "<int:version>/restore/",
        405, 405, 405, 405),
    Row("POST", "desk/knowledge/articles/<int:article_id>/<str:language>/history/"
                "<int:version>/restore/",
        LOGIN, 403, 302, 302),
    Row("GET",  "desk/knowledge/files/<int:pk>/delete/",        405,   405,   405,   405,
        ids={"pk": "file"}),
    Row("POST", "desk/knowledge/files/<int:pk>/delete/",        LOGIN, 302,   302,   302,
        ids={"pk": "file"}),
    # A file of a public published article: for customers too.
    Row("GET",  "help/files/<int:pk>/<str:name>",               200,   200,   200,   200,
        ids={"pk": "file", "name": "file_name"}),
    Row("GET",  "insights/",                                    LOGIN, 403,   200,   200),
    Row("GET",  "insights/data/",                               LOGIN, 403,   200,   200),
    Row("GET",  "insights/cases/",                              LOGIN, 403,   200,   200),
    Row("GET",  "insights/export/<str:table>.<str:format>/",    LOGIN, 403,   200,   200),
    Row("GET",  "insights/feedback/",                           LOGIN, 403,   200,   200),
    Row("GET",  "insights/feedback/export.<str:format>/",       LOGIN, 403,   200,   200),
    Row("GET",  "insights/knowledge/",                          LOGIN, 403,   200,   200),
    Row("GET",  "insights/community/",                          LOGIN, 403,   200,   200),
    Row("GET",  "insights/knowledge/export/?table=no-results",  LOGIN, 403,   200,   200),
    Row("GET",  "insights/sla/",                                LOGIN, 403,   200,   200),
    Row("GET",  "insights/sla/breaches/",                       LOGIN, 403,   200,   200),
    Row("GET",  "insights/sla/export/<str:report>.<str:format>/", LOGIN, 403, 200,  200),
    Row("GET",  "insights/live/",                               LOGIN, 403,   200,   200),
    Row("GET",  "insights/live/panel/",                         LOGIN, 403,   200,   200),
    Row("GET",  "insights/reasons/",                            LOGIN, 403,   200,   200),
    Row("GET",  "insights/organizations/",                      LOGIN, 403,   200,   200),
    Row("GET",  "insights/plotly/<str:digest>/",                200,   200,   200,   200),
    Row("GET",  "api/v1/cti/<str:token>",                       405,   405,   405,   405),
    Row("POST", "api/v1/cti/<str:token>",                       404,   404,   404,   404),
    Row("GET",  "api/v1/mail/inbound/<str:token>",              405,   405,   405,   405),
    Row("POST", "api/v1/mail/inbound/<str:token>",              404,   404,   404,   404),
    Row("GET",  "api/v1/openapi.json",                          401,   200,   200,   200),
    Row("GET",  "api/v1/docs",                                  LOGIN, 200,   200,   200),
    Row("GET",  "api/v1/",                                      404,   404,   404,   404),
    # The public help centre: anyone may read it, signed in or not.
    Row("GET",  "help/",                                        302,   302,   302,   302),
    Row("GET",  "help/<lang:lang>/",                            200,   200,   200,   200),
    Row("GET",  "help/<lang:lang>/categories/<slug:slug>/",     200,   200,   200,   200,
        ids={"slug": "category_slug"}),
    Row("GET",  "help/<lang:lang>/articles/<str:slug>/",        200,   200,   200,   200,
        ids={"slug": "article_slug"}),
    Row("GET",  "help/<lang:lang>/articles/<str:slug>/feedback/", 405, 405,   405,   405,
        ids={"slug": "article_slug"}),
    Row("POST", "help/<lang:lang>/articles/<str:slug>/feedback/", 302, 302,   302,   302,
        ids={"slug": "article_slug"}, data={"helpful": "no", "comment": "Fant ikke KID"}),
    Row("GET",  "help/<lang:lang>/search/?q=faktura",           200,   200,   200,   200),
    Row("GET",  "help/<lang:lang>/search/suggestions/?q=fak",   200,   200,   200,   200),
    # Satisfaction surveys (decision 40): the signed link is the key, for anyone; a forged one
    # is not found. Opt-out takes RFC 8058's one-click POST without a CSRF token.
    Row("GET",  "help/<lang:lang>/survey/<str:token>/",         404,   404,   404,   404),
    Row("POST", "help/<lang:lang>/survey/<str:token>/",         404,   404,   404,   404,
        data={"score": "5"}),
    Row("GET",  "help/<lang:lang>/survey/<str:token>/opt-out/", 404,   404,   404,   404),
    Row("POST", "help/<lang:lang>/survey/<str:token>/opt-out/", 404,   404,   404,   404),
    # NPS surveys (decision 47): the same, with their own signed link.
    Row("GET",  "help/<lang:lang>/nps/<str:token>/",            404,   404,   404,   404),
    Row("POST", "help/<lang:lang>/nps/<str:token>/",            404,   404,   404,   404,
        data={"score": "9"}),
    Row("GET",  "help/<lang:lang>/nps/<str:token>/opt-out/",    404,   404,   404,   404),
    Row("POST", "help/<lang:lang>/nps/<str:token>/opt-out/",    404,   404,   404,   404),
    # The chat widget's script, for any site; its article suggestions need a widget's key.
    Row("GET",  "chat/widget.js",                               200,   200,   200,   200),
    Row("POST", "chat/widget.js",                               405,   405,   405,   405),
    Row("GET",  "chat/api/<str:key>/articles?q=faktura",        404,   404,   404,   404,
        ids={"key": "token"}),
    Row("GET",  "i18n/setlang/",                                302,   302,   302,   302),
    Row("POST", "i18n/setlang/",                                302,   302,   302,   302,
        data={"language": "fi"}),
    # The customer portal's account pages: staff are no portal customers (decision 33), so
    # every persona gets what an anonymous visitor gets; the signed-in pages send to sign-in.
    Row("GET",  "help/<lang:lang>/sign-in/",                    200,   200,   200,   200),
    Row("POST", "help/<lang:lang>/sign-in/",                    302,   302,   302,   302,
        data={"email": "kari@example.no"}),
    Row("GET",  "help/<lang:lang>/sign-in/code/",               302,   302,   302,   302),
    Row("POST", "help/<lang:lang>/sign-in/code/",               302,   302,   302,   302,
        data={"code": "123456"}),
    Row("GET",  "help/<lang:lang>/sign-in/link/<str:token>/",   410,   410,   410,   410),
    Row("POST", "help/<lang:lang>/sign-in/link/<str:token>/",   410,   410,   410,   410),
    # No LYTTE_PORTAL_IDENTITY_SECRET in the tests: signed sign-in is off.
    Row("GET",  "help/<lang:lang>/sign-in/token/",              404,   404,   404,   404),
    Row("POST", "help/<lang:lang>/sign-in/token/",              404,   404,   404,   404,
        data={"token": "not-a-token"}),
    Row("GET",  "help/<lang:lang>/sign-out/",                   405,   405,   405,   405),
    Row("POST", "help/<lang:lang>/sign-out/",                   302,   302,   302,   302),
    Row("GET",  "help/<lang:lang>/cases/",                      302,   302,   302,   302),
    Row("GET",  "help/<lang:lang>/cases/new/",                  302,   302,   302,   302),
    Row("POST", "help/<lang:lang>/cases/new/",                  302,   302,   302,   302,
        data={"subject": "Hei", "body": "Hei", "client_token": "0" * 32}),
    Row("GET",  "help/<lang:lang>/cases/<int:number>/",         302,   302,   302,   302),
    Row("POST", "help/<lang:lang>/cases/<int:number>/",         302,   302,   302,   302,
        data={"body": "Hei", "client_token": "0" * 32}),
    # The community (decision 37): anyone reads. Writing needs a portal customer with a display
    # name, so staff, who are no portal customers, are sent to sign in like anyone else; staff
    # reply (as staff) and may accept an answer, but may not edit a customer's post (403).
    Row("GET",  "help/community/",                              302,   302,   302,   302),
    Row("GET",  "help/<lang:lang>/community/",                  200,   200,   200,   200),
    Row("GET",  "help/<lang:lang>/community/categories/<slug:slug>/", 200, 200, 200, 200,
        ids={"slug": "community_category"}),
    Row("GET",  "help/<lang:lang>/community/categories/<slug:slug>/feed/", 200, 200, 200, 200,
        ids={"slug": "community_category"}),
    Row("GET",  "help/<lang:lang>/community/search/?q=strøm",   200,   200,   200,   200),
    Row("POST", "help/<lang:lang>/community/search/",           405,   405,   405,   405),
    Row("GET",  "help/<lang:lang>/community/ask/",              302,   302,   302,   302),
    Row("POST", "help/<lang:lang>/community/ask/",              302,   302,   302,   302,
        data={"title": "Hei", "body": "Hei"}),
    Row("GET",  "help/<lang:lang>/community/ask/similar/?title=strøm", 200, 200, 200, 200),
    Row("GET",  "help/<lang:lang>/community/name/",             302,   302,   302,   302),
    Row("POST", "help/<lang:lang>/community/name/",             302,   302,   302,   302,
        data={"display_name": "Liisa"}),
    Row("GET",  COMMUNITY_THREAD,                               200,   200,   200,   200),
    Row("POST", COMMUNITY_THREAD,                               405,   405,   405,   405),
    Row("GET",  COMMUNITY_THREAD + "reply/",                    405,   405,   405,   405),
    Row("POST", COMMUNITY_THREAD + "reply/",                    302,   302,   302,   302,
        data=COMMUNITY_REPLY),
    Row("GET",  COMMUNITY_THREAD + "same-problem/",             405,   405,   405,   405),
    Row("POST", COMMUNITY_THREAD + "same-problem/",             302,   302,   302,   302),
    Row("GET",  COMMUNITY_POST + "vote/",                       405,   405,   405,   405),
    Row("POST", COMMUNITY_POST + "vote/",                       302,   302,   302,   302),
    Row("GET",  COMMUNITY_POST + "accept/",                     405,   405,   405,   405),
    Row("POST", COMMUNITY_POST + "accept/",                     302,   302,   302,   302),
    # Pinning the official answer: staff, and only a staff reply (the world's post is a member's).
    Row("GET",  COMMUNITY_POST + "pin/",                        405,   405,   405,   405),
    Row("POST", COMMUNITY_POST + "pin/",                        LOGIN, 403,   403,   403),
    Row("GET",  COMMUNITY_POST + "edit/",                       302,   403,   403,   403),
    Row("POST", COMMUNITY_POST + "edit/",                       302,   403,   403,   403,
        data={"body": "Endret"}),
    Row("GET",  COMMUNITY_POST + "history/",                    200,   200,   200,   200),
    # A post's image (decision 53): anyone's while its post is public (the world's is).
    Row("GET",  "help/community/images/<int:image_id>/<str:name>", 200, 200, 200, 200,
        ids={"name": "image_name"}),
    Row("POST", "help/community/images/<int:image_id>/<str:name>", 405, 405, 405, 405,
        ids={"name": "image_name"}),
    # A post's lasting address: to the page of the thread it is on, for anyone who reads it.
    Row("GET",  COMMUNITY_POST,                                 302,   302,   302,   302),
    Row("POST", COMMUNITY_POST,                                 405,   405,   405,   405),
    # Following (decision 48): members only (staff are no members: sent to the portal's
    # sign-in, as everyone else); a mail's stop link works without a sign-in, by its signed
    # token (the world's is no token: 404).
    Row("GET",  COMMUNITY_THREAD + "follow/",                   405,   405,   405,   405),
    Row("POST", COMMUNITY_THREAD + "follow/",                   302,   302,   302,   302),
    Row("GET",  "help/<lang:lang>/community/categories/<slug:slug>/follow/", 405, 405, 405, 405,
        ids={"slug": "community_category"}),
    Row("POST", "help/<lang:lang>/community/categories/<slug:slug>/follow/", 302, 302, 302, 302,
        ids={"slug": "community_category"}),
    Row("GET",  "help/<lang:lang>/community/follows/",          302,   302,   302,   302),
    Row("POST", "help/<lang:lang>/community/follows/",          302,   302,   302,   302,
        data={"delivery": "daily"}),
    Row("GET",  "help/<lang:lang>/community/unsubscribe/<str:token>/", 404, 404, 404, 404),
    Row("POST", "help/<lang:lang>/community/unsubscribe/<str:token>/", 404, 404, 404, 404),
    # Answers become knowledge (issue 16): editors (knowledge.publish_article: supervisors and
    # admins) only; the world's thread has no accepted answer, so an editor is sent back to it.
    Row("GET",  COMMUNITY_THREAD + "promote/",                  405,   405,   405,   405),
    Row("POST", COMMUNITY_THREAD + "promote/",                  LOGIN, 403,   302,   302),
    # Moderation (issue 16): members flag (staff are no members: sent to the portal's sign-in);
    # moderators (community.moderate: supervisors and admins) see the queue and act.
    Row("GET",  COMMUNITY_POST + "flag/",                       405,   405,   405,   405),
    Row("POST", COMMUNITY_POST + "flag/",                       302,   302,   302,   302,
        data={"reason": "spam"}),
    Row("GET",  "help/<lang:lang>/community/moderation/",       LOGIN, 403,   200,   200),
    Row("GET",  COMMUNITY_POST + "moderate/",                   405,   405,   405,   405),
    Row("POST", COMMUNITY_POST + "moderate/",                   LOGIN, 403,   302,   302,
        data={"action": "dismiss"}),
    Row("GET",  COMMUNITY_THREAD + "lock/",                     405,   405,   405,   405),
    Row("POST", COMMUNITY_THREAD + "lock/",                     LOGIN, 403,   302,   302,
        data={"locked": "0"}),
    Row("GET",  COMMUNITY_THREAD + "move/",                     405,   405,   405,   405),
    Row("POST", COMMUNITY_THREAD + "move/",                     LOGIN, 403,   400,   400,
        data={"category": ""}),
    Row("GET",  COMMUNITY_THREAD + "merge/",                    LOGIN, 403,   200,   200),
    Row("POST", COMMUNITY_THREAD + "merge/",                    LOGIN, 403,   400,   400,
        data={"target": ""}),
    Row("GET",  COMMUNITY_THREAD + "split/",                    LOGIN, 403,   200,   200),
    Row("POST", COMMUNITY_THREAD + "split/",                    LOGIN, 403,   400,   400,
        data={"title": ""}),
    Row("GET",  "help/<lang:lang>/community/members/<int:member_id>/", 200, 200, 200, 200),
    Row("POST", "help/<lang:lang>/community/members/<int:member_id>/", 405, 405, 405, 405),
    Row("GET",  COMMUNITY_SUSPEND,                              LOGIN, 403,   200,   200),
    Row("POST", COMMUNITY_SUSPEND,                              LOGIN, 403,   400,   400,
        data={"reason": ""}),
    # The chat widget's API (decision 35): the same for everyone, staff or not; a widget by its
    # public key, a conversation by the customer's token (the world's is wrong: 404), never by
    # a sign-in. Nobody is at a chat desk in the world, so a new chat is 409 "unavailable".
    Row("GET",  "chat/api/<str:key>/status",                    200,   200,   200,   200),
    Row("POST", "chat/api/<str:key>/status",                    405,   405,   405,   405),
    Row("GET",  "chat/api/<str:key>/conversations",             405,   405,   405,   405),
    Row("POST", "chat/api/<str:key>/conversations",             409,   409,   409,   409,
        data={"client_id": "rbac-client-1", "message": "Hei"}),
    Row("GET",  "chat/api/<str:key>/messages-left",             405,   405,   405,   405),
    Row("POST", "chat/api/<str:key>/messages-left",             201,   201,   201,   201,
        data={"client_id": "rbac-client-1", "email": "kari@example.no", "body": "Ring meg"}),
    Row("GET",  "chat/api/conversations/<str:token>/messages",  404,   404,   404,   404),
    Row("POST", "chat/api/conversations/<str:token>/messages",  404,   404,   404,   404,
        data={"client_id": "rbac-client-1", "body": "Hei"}),
    Row("GET",  "chat/api/conversations/<str:token>/attachments", 404, 404,   404,   404),
    Row("POST", "chat/api/conversations/<str:token>/attachments", 404, 404,   404,   404),
    Row("GET",  "chat/api/conversations/<str:token>/read",      404,   404,   404,   404),
    Row("POST", "chat/api/conversations/<str:token>/read",      404,   404,   404,   404,
        data={"seq": "1"}),
    Row("GET",  "chat/api/conversations/<str:token>/end",       404,   404,   404,   404),
    Row("POST", "chat/api/conversations/<str:token>/end",       404,   404,   404,   404),
    Row("GET",  "chat/api/conversations/<str:token>/transcript", 404,  404,   404,   404),
    Row("POST", "chat/api/conversations/<str:token>/transcript", 404,  404,   404,   404),
    # The chat's rating (the feedback app's, decision 47): the conversation's token is the key.
    Row("GET",  "chat/api/conversations/<str:token>/rating",    404,   404,   404,   404),
    Row("POST", "chat/api/conversations/<str:token>/rating",    404,   404,   404,   404,
        data={"score": "5"}),
    # A chat's file, by its signed address (the world's signature is wrong).
    Row("GET",  "chat/api/files/<int:message_id>/<str:signature>/<str:name>",
        404, 404, 404, 404, ids={"message_id": "message", "signature": "token"}),
    Row("POST", "chat/api/files/<int:message_id>/<str:signature>/<str:name>",
        404, 404, 404, 404, ids={"message_id": "message", "signature": "token"}),
]

# Requested with each persona's own API token.
API: list[Row] = [
    #   method    route                                                       anon agent sup  admin
    Row("GET",    "/api/v1/customers",                                        401, 200, 200, 200),
    Row("POST",   "/api/v1/customers",                                        401, 201, 201, 201,
        data=CUSTOMER),
    Row("GET",    "/api/v1/customers/{customer_id}",                          401, 200, 200, 200),
    Row("PATCH",  "/api/v1/customers/{customer_id}",                          401, 200, 200, 200,
        data={"name": "Kari Nordmann-Ås"}),
    Row("GET",    "/api/v1/customers/{customer_id}/access-log",               401, 403, 200, 200),
    Row("GET",    "/api/v1/customers/{customer_id}/export",                   401, 403, 200, 200),
    Row("POST",   "/api/v1/customers/{customer_id}/erase",                    401, 403, 403, 200,
        data={"reason": "Kunden ba om sletting"}),
    Row("POST",   "/api/v1/customers/{customer_id}/contact-points",           401, 201, 201, 201,
        data={"address": "kari.ny@example.no"}),
    Row("DELETE", "/api/v1/customers/{customer_id}/contact-points/{point_id}", 401, 204, 204, 204),
    Row("GET",    "/api/v1/identify?address=%2B4791234567",                   401, 200, 200, 200),
    Row("GET",    "/api/v1/organizations",                                    401, 200, 200, 200),
    Row("POST",   "/api/v1/organizations",                                    401, 201, 201, 201,
        data={"name": "Hafslund AS"}),
    Row("GET",    "/api/v1/organizations/{organization_id}",                  401, 200, 200, 200),
    Row("PATCH",  "/api/v1/organizations/{organization_id}",                  401, 200, 200, 200,
        data={"name": "Fjordkraft AS"}),
    Row("GET",    "/api/v1/cases",                                            401, 200, 200, 200),
    Row("POST",   "/api/v1/cases",                                            401, 201, 201, 201,
        data={"channel": "phone", "subject": "Måleravlesning"}),
    Row("GET",    "/api/v1/cases/{case_id}",                                  401, 404, 200, 200),
    Row("PATCH",  "/api/v1/cases/{case_id}",                                  401, 404, 200, 200,
        data={"subject": "Strømbrudd"}),
    Row("GET",    "/api/v1/contacts",                                         401, 200, 200, 200),
    # A case the agent may not see is an unknown id in the body (422), not a refusal (403).
    Row("POST",   "/api/v1/contacts",                                         401, 422, 201, 201,
        data=CONTACT),
    Row("GET",    "/api/v1/contacts/{contact_id}",                            401, 404, 200, 200),
    Row("POST",   "/api/v1/contacts/{contact_id}/attach",                     401, 404, 200, 200,
        data={"case": "{case_id}"}),
    Row("GET",    "/api/v1/reasons",                                          401, 200, 200, 200),
    Row("POST",   "/api/v1/reasons",                                          401, 403, 403, 201,
        data=REASON),
    Row("POST",   "/api/v1/reasons/suggest",                                  401, 200, 200, 200,
        data={"text": "Strømmen er borte på Ås"}),
    Row("GET",    "/api/v1/reasons/{reason_id}",                              401, 200, 200, 200),
    # Surveys (issue 17): an agent lists their own cases' (none here), reads no other's.
    Row("GET",    "/api/v1/surveys",                                          401, 200, 200, 200),
    Row("GET",    "/api/v1/surveys/{survey_id}",                              401, 404, 200, 200),
    Row("PATCH",  "/api/v1/reasons/{reason_id}",                              401, 403, 403, 200,
        data={"name_sv": "Strömavbrott"}),
    Row("GET",    "/api/v1/teams",                                            401, 200, 200, 200),
    Row("POST",   "/api/v1/teams",                                            401, 403, 403, 201,
        data={"name": "Kundeservice Bergen"}),
    Row("GET",    "/api/v1/teams/{team_id}",                                  401, 200, 200, 200),
    Row("PATCH",  "/api/v1/teams/{team_id}",                                  401, 403, 403, 200,
        data={"name": "Asiakaspalvelu Tampere"}),
    Row("GET",    "/api/v1/calls",                                            401, 200, 200, 200),
    Row("GET",    "/api/v1/calendars",                                        401, 200, 200, 200),
    Row("GET",    "/api/v1/calendars/{calendar_id}",                          401, 200, 200, 200),
    Row("GET",    "/api/v1/calendars/{calendar_id}/days?year=2026",           401, 200, 200, 200),
    Row("GET",    "/api/v1/sla-policies",                                     401, 200, 200, 200),
    Row("GET",    "/api/v1/sla-policies/{policy_id}",                         401, 200, 200, 200),
    Row("GET",    "/api/v1/cases/{case_id}/sla",                              401, 404, 200, 200),
    Row("GET",    "/api/v1/knowledge",                                        401, 200, 200, 200),
    Row("POST",   "/api/v1/knowledge",                                        401, 201, 201, 201,
        data=ARTICLE),
    Row("GET",    "/api/v1/knowledge/search?q=faktura",                       401, 200, 200, 200),
    Row("GET",    "/api/v1/knowledge/{article_id}",                           401, 200, 200, 200),
    Row("PATCH",  "/api/v1/knowledge/{article_id}",                           401, 200, 200, 200,
        data={"tags": ["faktura"]}),
    Row("DELETE", "/api/v1/knowledge/{article_id}",                           401, 403, 204, 204),
    Row("GET",    "/api/v1/knowledge/{article_id}/translations/{language}",   401, 200, 200, 200),
    # Published: a publisher's to change, and to archive.
    Row("PUT",    "/api/v1/knowledge/{article_id}/translations/{language}",   401, 403, 200, 200,
        data={"title": "Returlapp"}),
    Row("POST",   "/api/v1/knowledge/{article_id}/translations/{language}/state",
        401, 403, 200, 200, data={"state": "archived"}),
]
# fmt: on

# The admin site, by a grouped rule: every model's list, add and change page is for admins
# (200) and sends everyone else to the admin sign-in; except these models, which Lytte alone
# writes (no add page, 403 even for admins)...
ADMIN_CANNOT_ADD = {
    "accounts.apitoken",  # created by their owner on the account page or with `lytte token`
    "audit.accessrecord",
    "accounts.twofactor",  # each person sets up their own on the account page
    "audit.auditevent",
    "cases.case",  # opened through the desk, the API and the channels, which publish events
    "cases.contact",  # (decision 26): the admin only shows them
    "django_tasks_database.dbtaskresult",  # the worker's task results
    "feedback.followup",  # opened by a low score, closed on /desk/feedback/ (decision 40)
    "feedback.npssurvey",  # drawn by an NPS programme's round (decision 47)
    "feedback.optout",  # the customer's own click, or their erasure
    "feedback.smsmessage",  # a survey's text message, stored when it is sent (decision 47)
    "feedback.survey",  # scheduled when a case is resolved
    "feedback.surveyrules",  # one row, made by the app; admins change it
    "feedback.webhookdelivery",  # stored when an answer arrives, sent by the worker
    "insights.labelledtext",
    "insights.reasonmodel",
    "insights.reasonsuggestion",
    "mail.inboundmessage",
    "mail.outboundmessage",
    "phone.call",
    "phone.ctievent",
    "platform.notice",  # the outbox of mail bound to no case, written by the apps (decision 48)
}
# ...and these, which no role may open: roles are groups whose permissions are set from
# accounts/roles.py after every migrate, so editing them in the admin would not last.
ADMIN_FORBIDDEN = {"auth.group"}


# The WebSockets, through the whole ASGI stack (the session's user, the host and origin check):
# OPEN is an accepted socket, a number the close code it is refused with. The desk's socket is
# for staff with a role; the chat's takes no session: its token is the credential, whoever holds
# it ("{chat_token}" is a live chat's), and without one nobody gets in.
OPEN = "open"
# fmt: off
SOCKETS = [
    Row("WS", "ws/desk/",                    4403,  OPEN,  OPEN,  OPEN),
    Row("WS", "ws/chat/",                    4404,  4404,  4404,  4404),
    Row("WS", "ws/chat/?token=wrong",        4404,  4404,  4404,  4404),
    Row("WS", "ws/chat/?token={chat_token}", OPEN,  OPEN,  OPEN,  OPEN),
]
# fmt: on
