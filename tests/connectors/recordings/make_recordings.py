"""Writes the recordings in this folder, each in its platform's exact wire format (run it to regenerate them).

    .venv/bin/python tests/connectors/recordings/make_recordings.py

The posts are invented school-like posts about the example school (Llandough Primary School); the envelopes
(listings, cassette layout, headers, status lines) follow what each platform sends. Secrets are placeholders.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent


def _ts(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


# --- Reddit: vcrpy JSON cassettes, as praw's own test suite records them ---------------------------------

REDDIT_TOKEN = {
    "request": {"body": "grant_type=client_credentials", "headers": {"Authorization": ["Basic <BASIC_AUTH>"]},
                "method": "POST", "uri": "https://www.reddit.com/api/v1/access_token"},
    "response": {"status": {"code": 200, "message": "OK"},
                 "headers": {"Content-Type": ["application/json; charset=UTF-8"]},
                 "body": {"string": json.dumps({"access_token": "<ACCESS_TOKEN>", "token_type": "bearer",
                                                "expires_in": 3600, "scope": "*"})}},
}


def _reddit_get(uri: str, status: int, body: Any, headers: dict[str, list[str]] | None = None) -> dict[str, Any]:
    messages = {200: "OK", 403: "Forbidden", 429: "Too Many Requests", 500: "Internal Server Error"}
    return {
        "request": {"body": None, "headers": {"Authorization": ["bearer <ACCESS_TOKEN>"]}, "method": "GET",
                    "uri": uri},
        "response": {"status": {"code": status, "message": messages[status]},
                     "headers": {"Content-Type": ["application/json; charset=UTF-8"],
                                 "x-ratelimit-remaining": ["99.0"], "x-ratelimit-used": ["1"],
                                 "x-ratelimit-reset": ["60"], **(headers or {})},
                     "body": {"string": body if isinstance(body, str) else json.dumps(body)}},
    }


def _listing(children: list[dict[str, Any]], after: str | None = None) -> dict[str, Any]:
    return {"kind": "Listing", "data": {"after": after, "dist": len(children), "modhash": "", "geo_filter": "",
                                        "children": children, "before": None}}


def _submission(ident: str, when: str, title: str, text: str, author: str = "penarth_parent",
                sub: str = "cardiff") -> dict[str, Any]:
    slug = title.casefold().replace(" ", "_")[:40]
    return {"kind": "t3", "data": {
        "id": ident, "name": f"t3_{ident}", "title": title, "selftext": text, "author": author,
        "created_utc": _ts(when).timestamp(), "subreddit": sub, "subreddit_name_prefixed": f"r/{sub}",
        "permalink": f"/r/{sub}/comments/{ident}/{slug}/", "url": f"https://www.reddit.com/r/{sub}/comments/{ident}/",
        "num_comments": 0, "score": 1, "is_self": True, "over_18": False}}


def _comment(ident: str, when: str, body: str, link: str, link_title: str, author: str = "vale_dad",
             sub: str = "cardiff") -> dict[str, Any]:
    return {"kind": "t1", "data": {
        "id": ident, "name": f"t1_{ident}", "body": body, "author": author, "created_utc": _ts(when).timestamp(),
        "subreddit": sub, "link_id": f"t3_{link}", "parent_id": f"t3_{link}", "link_title": link_title,
        "permalink": f"/r/{sub}/comments/{link}/x/{ident}/", "score": 1}}


SEARCH = "https://oauth.reddit.com/r/cardiff+wales/search/?q=...&sort=new&restrict_sr=True&raw_json=1"
COMMENTS = "https://oauth.reddit.com/r/cardiff+wales/comments/?raw_json=1&limit=100"
S1 = _submission("sub003", "2026-11-22T09:00:00+00:00", "Llandough Primary nativity tickets",
                 "Anyone know when the Llandough Primary nativity tickets go on sale?")
S2 = _submission("sub002", "2026-11-21T18:00:00+00:00", "Ysgol Gynradd Llandochau open evening",
                 "Open evening at Ysgol Gynradd Llandochau was lovely & well run.")
S3 = _submission("sub001", "2026-11-21T18:00:00+00:00", "Parking outside Llandough Primary",
                 "The school run parking on Penlan Road is getting dangerous.", author="llandough_local")
S4 = _submission("sub004", "2026-11-23T08:15:00+00:00", "Llandough Primary School PTA quiz",
                 "PTA quiz night at Llandough Primary School on Friday.")
C1 = _comment("com002", "2026-11-22T10:00:00+00:00", "Mrs Pritchard's class did a brilliant assembly.",
              "sub003", S1["data"]["title"])
C2 = _comment("com001", "2026-11-12T10:00:00+00:00", "Old comment from before the look-back window.",
              "old001", "Old thread")
C3 = _comment("com003", "2026-11-23T09:00:00+00:00", "Tickets went on sale this morning at the school office.",
              "sub003", S1["data"]["title"])


def reddit() -> dict[str, list[dict[str, Any]]]:
    """Cassettes: two search pages, empty results, a 429 then success, 500 three times, the next night."""
    return {
        "two_pages": [REDDIT_TOKEN, _reddit_get(SEARCH, 200, _listing([S1, S2], after="t3_sub002")),
                      _reddit_get(SEARCH + "&after=t3_sub002", 200, _listing([S3])),
                      _reddit_get(COMMENTS, 200, _listing([C1, C2]))],
        "empty": [REDDIT_TOKEN, _reddit_get(SEARCH, 200, _listing([])), _reddit_get(COMMENTS, 200, _listing([]))],
        "rate_limited_then_ok": [
            REDDIT_TOKEN, _reddit_get(SEARCH, 429, '{"message": "Too Many Requests", "error": 429}',
                                      {"retry-after": ["7"]}),
            REDDIT_TOKEN, _reddit_get(SEARCH, 200, _listing([S1])), _reddit_get(COMMENTS, 200, _listing([]))],
        "server_error": [REDDIT_TOKEN] + [_reddit_get(SEARCH, 500, '{"message": "Internal Server Error"}')] * 3,
        "next_night": [REDDIT_TOKEN, _reddit_get(SEARCH, 200, _listing([S4, S1, S2, S3])),
                       _reddit_get(COMMENTS, 200, _listing([C3, C1, C2]))],
    }


def write_reddit() -> None:
    for name, interactions in reddit().items():
        path = HERE / "reddit" / f"{name}.json"
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps({"interactions": interactions, "version": 1}, indent=1) + "\n", encoding="utf-8")


# --- Bluesky: XRPC exchanges (request path and params, response status, headers and exact JSON body) ------

SEARCH_POSTS = "/xrpc/app.bsky.feed.searchPosts"


def _jwt(claims: dict[str, Any]) -> str:
    import base64

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'typ': 'at+jwt', 'alg': 'ES256K'})}.{part(claims)}.c2lnbmF0dXJl"


BSKY_SESSION = {
    "request": {"method": "POST", "path": "/xrpc/com.atproto.server.createSession"},
    "response": {"status": 200, "body": {
        "did": "did:plc:monitor0000000000000000", "handle": "monitor.example.bsky.social", "active": True,
        "accessJwt": _jwt({"scope": "com.atproto.appPass", "sub": "did:plc:monitor0000000000000000",
                           "iat": 1795000000, "exp": 4102444800, "aud": "did:web:bsky.social"}),
        "refreshJwt": _jwt({"scope": "com.atproto.refresh", "sub": "did:plc:monitor0000000000000000",
                            "iat": 1795000000, "exp": 4102444800, "jti": "placeholder"})}},
}


def _post_view(rkey: str, when: str, text: str, handle: str = "valeparent.bsky.social",
               reply_to: str | None = None) -> dict[str, Any]:
    did = "did:plc:" + handle.split(".")[0].ljust(24, "0")[:24]
    record: dict[str, Any] = {"$type": "app.bsky.feed.post", "createdAt": when, "langs": ["en"], "text": text}
    if reply_to:
        parent = {"uri": reply_to, "cid": "bafyreiparentparentparentparentparentparentparentparent"}
        record["reply"] = {"root": parent, "parent": parent}
    return {"uri": f"at://{did}/app.bsky.feed.post/{rkey}", "cid": f"bafyrei{rkey}cid".ljust(59, "a"),
            "author": {"did": did, "handle": handle, "displayName": "", "labels": [],
                       "createdAt": "2024-01-01T00:00:00.000Z"},
            "record": record, "replyCount": 0, "repostCount": 0, "likeCount": 0, "quoteCount": 0,
            "indexedAt": when, "labels": []}


def _search(q: str, posts: list[dict[str, Any]], cursor: str | None = None, page: str | None = None,
            status: int = 200, headers: dict[str, str] | None = None) -> dict[str, Any]:
    params = {"q": q, **({"cursor": page} if page else {})}
    body: dict[str, Any] = {"posts": posts, **({"cursor": cursor} if cursor else {})}
    if status != 200:
        body = {"error": {429: "RateLimitExceeded", 500: "InternalServerError", 401: "AuthenticationRequired"}
                [status], "message": "recorded failure"}
    return {"request": {"method": "GET", "path": SEARCH_POSTS, "params": params},
            "response": {"status": status, "headers": headers or {}, "body": body}}


B1 = _post_view("3lbx2ka3", "2026-11-22T19:30:00.000Z", "Well done #LlandoughPrimary choir at St David's Hall!")
B2 = _post_view("3lbw7zq1", "2026-11-21T08:05:00.000Z",
                "Llandough Primary's new head is making a real difference.", handle="cardiffmum.bsky.social")
B3 = _post_view("3lbv1aa9", "2026-11-20T16:00:00.000Z", "", handle="photos.bsky.social")  # media only
B4 = _post_view("3lby9cc2", "2026-11-23T12:00:00.000Z", "Llandough Primary parents evening moved to Thursday.",
                reply_to=B2["uri"])
Q_NAME, Q_ALIAS, Q_TAG = '"Llandough Primary School"', '"Llandough Primary"', "#LlandoughPrimary"


def bluesky() -> dict[str, list[dict[str, Any]]]:
    """Two pages, the same post found by two searches, empty results, 429 then success, 500s, a 401, next night."""
    first_night = [BSKY_SESSION, _search(Q_NAME, []), _search(Q_ALIAS, [B2, B3], cursor="page2"),
                   _search(Q_ALIAS, [B1], page="page2"), _search(Q_TAG, [B1])]
    return {
        "two_pages": first_night,
        "empty": [BSKY_SESSION, _search(Q_NAME, []), _search(Q_ALIAS, []), _search(Q_TAG, [])],
        "rate_limited_then_ok": [
            BSKY_SESSION, _search(Q_NAME, [], status=429, headers={
                "ratelimit-limit": "3000", "ratelimit-remaining": "0", "ratelimit-reset": "1795000300",
                "ratelimit-policy": "3000;w=300"}),
            *first_night],
        "server_error": [BSKY_SESSION, _search(Q_NAME, [], status=500)] * 3,  # each attempt logs in again
        "unauthorized": [{"request": BSKY_SESSION["request"], "response": {"status": 401, "body": {
            "error": "AuthenticationRequired", "message": "Invalid identifier or password"}}}],
        "next_night": [BSKY_SESSION, _search(Q_NAME, []), _search(Q_ALIAS, [B4, B1, B2]), _search(Q_TAG, [B1])],
    }


def write_bluesky() -> None:
    for name, exchanges in bluesky().items():
        path = HERE / "bluesky" / f"{name}.json"
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps({"exchanges": exchanges}, indent=1) + "\n", encoding="utf-8")


# --- Mastodon: vcrpy YAML cassettes, as Mastodon.py's own test suite records them --------------------------

MASTODON = "https://mastodon.example"


def _status(ident: int, when: str, html: str, acct: str = "rhiannon", server: str = "mastodon.cymru",
            reblog: dict[str, Any] | None = None, spoiler: str = "") -> dict[str, Any]:
    local = server == "mastodon.example"
    account = {"id": str(ident // 7), "username": acct, "acct": acct if local else f"{acct}@{server}",
               "display_name": acct.title(), "locked": False, "bot": False, "group": False,
               "created_at": "2024-01-01T00:00:00.000Z", "note": "", "url": f"https://{server}/@{acct}",
               "avatar": "", "avatar_static": "", "header": "", "header_static": "", "followers_count": 1,
               "following_count": 1, "statuses_count": 1, "emojis": [], "fields": []}
    return {"id": str(ident), "created_at": when, "in_reply_to_id": None, "in_reply_to_account_id": None,
            "sensitive": bool(spoiler), "spoiler_text": spoiler, "visibility": "public", "language": "en",
            "uri": f"https://{server}/users/{acct}/statuses/{ident}", "url": f"https://{server}/@{acct}/{ident}",
            "replies_count": 0, "reblogs_count": 0, "favourites_count": 0, "edited_at": None,
            "content": "" if reblog else html, "reblog": reblog, "account": account, "media_attachments": [],
            "mentions": [], "tags": [{"name": "llandoughprimary", "url": f"{MASTODON}/tags/llandoughprimary"}],
            "emojis": [], "card": None, "poll": None}


def _masto(path: str, status: int, body: Any, headers: dict[str, list[str]] | None = None) -> dict[str, Any]:
    messages = {200: "OK", 401: "Unauthorized", 429: "Too Many Requests", 500: "Internal Server Error"}
    return {"request": {"body": None, "headers": {"Authorization": ["Bearer <ACCESS_TOKEN>"],
                                                  "User-Agent": ["clausewatch"]},
                        "method": "GET", "uri": MASTODON + path},
            "response": {"status": {"code": status, "message": messages[status]},
                         "headers": {"content-type": ["application/json; charset=utf-8"],
                                     "x-ratelimit-limit": ["300"], "x-ratelimit-remaining": ["299"],
                                     "x-ratelimit-reset": ["2026-11-24T03:05:00.000Z"], **(headers or {})},
                         "body": {"string": json.dumps(body)}}}


TAG = "/api/v1/timelines/tag/llandoughprimary"
V2SEARCH = "/api/v2/search"
M1 = _status(113500000000000003, "2026-11-22T17:00:00.000Z",
             '<p>Fantastic Christmas fair at <a href="https://mastodon.example/tags/LlandoughPrimary" '
             'class="mention hashtag" rel="tag">#<span>LlandoughPrimary</span></a> today &amp; the PTA raised '
             '&pound;900! Photos <a href="https://example.org/fair" rel="nofollow">here</a></p>'
             '<p>Diolch i bawb</p>')
M2 = _status(113500000000000002, "2026-11-21T09:00:00.000Z",
             "<p>Llandough Primary&#39;s governors meet on Tuesday.<br>Agenda on the website.</p>",
             acct="valeparent", server="mastodon.example")
M3 = _status(113500000000000004, "2026-11-22T18:00:00.000Z", "", acct="booster", reblog=M1)  # a boost of M1
M4 = _status(113500000000000006, "2026-11-23T20:00:00.000Z",
             "<p>Llandough Primary nativity was lovely, well done Miss Morgan</p>", spoiler="school stuff")
M5 = _status(113500000000000005, "2026-11-23T07:00:00.000Z",
             "<p>Is Llandough Primary closed for the strike?</p>", acct="gwen", server="toot.wales")
INSTANCE_V1 = {"uri": "mastodon.example", "title": "Mastodon", "version": "4.3.0", "urls": {}, "stats": {},
               "languages": ["en"], "contact_account": None, "rules": []}
INSTANCE_V2 = {"domain": "mastodon.example", "title": "Mastodon", "version": "4.3.0", "usage": {},
               "api_versions": {"mastodon": 2},
               "configuration": {}, "registrations": {}, "contact": {}, "rules": []}


def _found(statuses: list[dict[str, Any]]) -> dict[str, Any]:
    return {"accounts": [], "statuses": statuses, "hashtags": []}


def mastodon() -> dict[str, list[dict[str, Any]]]:
    """Two pages, a boost of a post already seen, search, empty, 429 then success, 500s, 401, next night."""
    version = [_masto("/api/v1/instance/", 200, INSTANCE_V1), _masto("/api/v2/instance/", 200, INSTANCE_V2)]
    return {
        "two_pages": [_masto(TAG, 200, [M1, M2]), _masto(TAG, 200, [M3]), _masto(TAG, 200, []),
                      *version, _masto(V2SEARCH, 200, _found([M2])), _masto(V2SEARCH, 200, _found([]))],
        "empty": [_masto(TAG, 200, []), *version, _masto(V2SEARCH, 200, _found([]))],
        "rate_limited_then_ok": [
            _masto(TAG, 429, {"error": "Too many requests"}, {"x-ratelimit-remaining": ["0"]}),
            _masto(TAG, 200, [M1, M2]), _masto(TAG, 200, []), *version, _masto(V2SEARCH, 200, _found([]))],
        "server_error": [_masto(TAG, 500, {"error": "Internal server error"})] * 3,
        "unauthorized": [_masto(TAG, 401, {"error": "The access token is invalid"})],
        "next_night": [_masto(TAG, 200, [M4]), _masto(TAG, 200, []), *version,
                       _masto(V2SEARCH, 200, _found([M5])), _masto(V2SEARCH, 200, _found([]))],
    }


def write_mastodon() -> None:
    for name, interactions in mastodon().items():
        path = HERE / "mastodon" / f"{name}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(yaml.safe_dump({"interactions": interactions, "version": 1}, sort_keys=False),
                        encoding="utf-8")


# --- RSS/Atom: HTTP exchanges whose bodies are the feed documents, byte for byte --------------------------

ALERTS = "https://www.google.com/alerts/feeds/00000000000000000000/1111111111111111111"
PAPER = "https://www.penarthtimes.example/news/rss/"
ARTICLE = "https://www.penarthtimes.example/news/2411-llandough-primary-inspection/"
ALERTS_FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:idx="urn:atom-extension:indexing">
<id>tag:google.com,2005:reader/user/00000000000000000000/state/com.google/alerts/1111111111111111111</id>
<title>Google Alert - "Llandough Primary"</title>
<link href="{ALERTS}" rel="self"></link>
<updated>2026-11-22T10:00:00Z</updated>
<entry>
<id>tag:google.com,2013:googlealerts/feed:1000000000000000001</id>
<title type="html">&lt;b&gt;Llandough Primary&lt;/b&gt; praised by inspectors</title>
<link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url={ARTICLE}&amp;ct=ga&amp;cd=CAIyGg&amp;usg=AOvVaw0"></link>
<published>2026-11-22T09:00:00Z</published><updated>2026-11-22T09:00:00Z</updated>
<content type="html">Estyn said &lt;b&gt;Llandough Primary&lt;/b&gt; pupils &amp;quot;feel safe&amp;quot; ...</content>
<author><name></name></author>
</entry>
<entry>
<id>tag:google.com,2013:googlealerts/feed:1000000000000000000</id>
<title type="html">Old news about &lt;b&gt;Llandough Primary&lt;/b&gt;</title>
<link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://www.example.org/2026/10/old&amp;ct=ga"></link>
<published>2026-10-01T09:00:00Z</published><updated>2026-10-01T09:00:00Z</updated>
<content type="html">From before the look-back window.</content>
</entry>
</feed>
"""
PAPER_ITEMS = [
    ("Llandough Primary inspection: pupils feel safe", ARTICLE, "Sun, 22 Nov 2026 11:00:00 +0000",
     "<p>Inspectors visited Llandough Primary School &amp; found pupils <em>feel safe</em>.</p>"),
    ("Ysgol Gynradd Llandochau wins eco award", "https://www.penarthtimes.example/news/2311-eco-award/",
     "Mon, 23 Nov 2026 08:00:00 +0000", "<p>Ysgol Gynradd Llandochau pupils planted 200 trees.</p>"),
]


def _paper_feed(items: list[tuple[str, str, str, str]]) -> str:
    entries = "".join(f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid><pubDate>{d}</pubDate>"
                      f"<description><![CDATA[{body}]]></description></item>\n" for t, link, d, body in items)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Penarth Times</title>'
            f"<link>https://www.penarthtimes.example/</link><description>News</description>\n{entries}"
            "</channel></rss>\n")


def _feed(url: str, status: int, body: str = "", headers: dict[str, str] | None = None) -> dict[str, Any]:
    kind = "application/atom+xml" if "alerts" in url else "application/rss+xml"
    return {"request": {"method": "GET", "url": url},
            "response": {"status": status, "headers": {"content-type": f"{kind}; charset=UTF-8", **(headers or {})},
                         "body": body}}


def rss() -> dict[str, list[dict[str, Any]]]:
    """Two feeds sharing an article, a 304 the next night, a malformed feed, 429, 500s and a 403."""
    paper_one = _paper_feed(PAPER_ITEMS[:1])
    etag = {"ETag": '"alerts-v1"', "Last-Modified": "Sun, 22 Nov 2026 10:00:00 GMT"}
    return {
        "two_feeds": [_feed(ALERTS, 200, ALERTS_FEED, etag), _feed(PAPER, 200, paper_one)],
        "next_night": [_feed(ALERTS, 304), _feed(PAPER, 200, _paper_feed(PAPER_ITEMS[::-1]))],
        "malformed": [_feed(PAPER, 200, _paper_feed(PAPER_ITEMS).replace("</channel></rss>", "<item><title>"))],
        "empty": [_feed(PAPER, 200, _paper_feed([]))],
        "rate_limited_then_ok": [_feed(PAPER, 429, "slow down", {"Retry-After": "30"}), _feed(PAPER, 200, paper_one)],
        "server_error": [_feed(PAPER, 500, "<html>oops</html>")] * 3,
        "forbidden": [_feed(PAPER, 403, "<html>forbidden</html>")],
    }


def write_rss() -> None:
    for name, exchanges in rss().items():
        path = HERE / "rss" / f"{name}.json"
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps({"exchanges": exchanges}, indent=1) + "\n", encoding="utf-8")


# --- YouTube: Data API v3 exchanges (googleapiclient's HttpMockSequence plays them in order) --------------


def _video(ident: str, when: str, title: str, description: str) -> dict[str, Any]:
    return {"kind": "youtube#searchResult", "etag": f"etag-{ident}", "id": {"kind": "youtube#video", "videoId": ident},
            "snippet": {"publishedAt": when, "channelId": "UCvale000000000000000000", "title": title,
                        "description": description, "thumbnails": {}, "channelTitle": "Vale Families",
                        "liveBroadcastContent": "none", "publishTime": when}}


def _yt_comment(ident: str, video: str, when: str, text: str, author: str = "@cardiffdad",
                parent: str | None = None) -> dict[str, Any]:
    snippet = {"channelId": "UCvale000000000000000000", "videoId": video, "textDisplay": text,
               "textOriginal": text, "authorDisplayName": author, "authorChannelUrl": f"http://www.youtube.com/{author}",
               "canRate": True, "viewerRating": "none", "likeCount": 0, "publishedAt": when, "updatedAt": when}
    if parent:
        snippet["parentId"] = parent
    return {"kind": "youtube#comment", "etag": f"etag-{ident}", "id": ident, "snippet": snippet}


def _thread(top: dict[str, Any], replies: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    thread = {"kind": "youtube#commentThread", "etag": "t-" + top["id"], "id": top["id"],
              "snippet": {"channelId": "UCvale000000000000000000", "videoId": top["snippet"]["videoId"],
                          "topLevelComment": top, "canReply": True, "totalReplyCount": len(replies or []),
                          "isPublic": True}}
    if replies:
        thread["replies"] = {"comments": replies}
    return thread


def _yt(path: str, status: int, body: dict[str, Any]) -> dict[str, Any]:
    return {"request": {"method": "GET", "path": f"/youtube/v3/{path}"}, "response": {"status": status, "body": body}}


def _yt_page(kind: str, items: list[dict[str, Any]], token: str | None = None) -> dict[str, Any]:
    return {"kind": f"youtube#{kind}ListResponse", "etag": "page", **({"nextPageToken": token} if token else {}),
            "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)}, "items": items}


def _yt_error(status: int, reason: str, message: str) -> dict[str, Any]:
    return {"error": {"code": status, "message": message,
                      "errors": [{"message": message, "domain": "youtube.quota" if "uota" in reason else "global",
                                  "reason": reason}]}}


Y1 = _video("vidNativity1", "2026-11-22T15:00:00Z", "Llandough Primary nativity 2026", "Our Year 2 nativity.")
Y2 = _video("vidFair00002", "2026-11-21T12:00:00Z", "Llandough Primary School Christmas fair", "Fair highlights")
Y3 = _video("vidClosed003", "2026-11-20T09:00:00Z", "#LlandoughPrimary sports", "Comments are off.")
Y4 = _video("vidConcert04", "2026-11-23T18:00:00Z", "Ysgol Gynradd Llandochau concert", "Cyngerdd")
YC1 = _yt_comment("UgzFair1", "vidFair00002", "2026-11-21T13:00:00Z", "Mr Rees ran the tombola brilliantly")
YC2 = _yt_comment("UgzFair1.reply1", "vidFair00002", "2026-11-21T14:00:00Z", "He did!", parent="UgzFair1")
YC3 = _yt_comment("UgzFair2", "vidFair00002", "2026-11-23T10:00:00Z", "Shame about the parking")
YC4 = _yt_comment("UgzConcert1", "vidConcert04", "2026-11-23T19:00:00Z", "Da iawn pawb!")
DISABLED = _yt_error(403, "commentsDisabled", "The video has disabled comments.")


def youtube() -> dict[str, list[dict[str, Any]]]:
    """Two search pages, a video with comments off, empty, 429 then success, 500s, a bad key, next night."""
    first_night = [_yt("search", 200, _yt_page("search", [Y1, Y2], "CAIQAA")),
                   _yt("search", 200, _yt_page("search", [Y3])),
                   _yt("commentThreads", 403, DISABLED),
                   _yt("commentThreads", 200, _yt_page("commentThread", [_thread(YC1, [YC2])])),
                   _yt("commentThreads", 200, _yt_page("commentThread", []))]
    return {
        "two_pages": first_night,
        "empty": [_yt("search", 200, _yt_page("search", []))],
        "rate_limited_then_ok": [_yt("search", 429, _yt_error(429, "rateLimitExceeded", "Too many requests")),
                                 *first_night],
        "server_error": [_yt("search", 500, _yt_error(500, "backendError", "Backend Error"))] * 3,
        "bad_key": [_yt("search", 400, _yt_error(400, "keyInvalid", "API key not valid. Please pass a valid key."))],
        "next_night": [_yt("search", 200, _yt_page("search", [Y4, Y1])),
                       _yt("commentThreads", 200, _yt_page("commentThread", [_thread(YC3), _thread(YC1, [YC2])])),
                       _yt("commentThreads", 200, _yt_page("commentThread", [])),
                       _yt("commentThreads", 200, _yt_page("commentThread", [_thread(YC4)]))],
    }


def write_youtube() -> None:
    for name, exchanges in youtube().items():
        path = HERE / "youtube" / f"{name}.json"
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps({"exchanges": exchanges}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_reddit()
    write_bluesky()
    write_mastodon()
    write_rss()
    write_youtube()
