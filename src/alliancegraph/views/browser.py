"""Headless Chromium through the Chrome DevTools Protocol: open a view offline, read it back, screenshot it.

Owns: finding and starting Chromium (:func:`find_chromium`, :data:`CHROMIUM_FLAGS`, :class:`Browser`), the
DevTools session of one page (:class:`Page`), screenshots (:func:`screenshot_file`) and
:class:`BrowserError`. The only module that imports websocket-client.

Must not know: what a page shows or how it is built (it opens any HTML file: :mod:`.html`), the graph,
analyses, the command line, Neo4j.

Used by the browser tests and to make the picture of the view in the docs (``docs/img/view.png``). It
speaks the DevTools Protocol (https://chromedevtools.github.io/devtools-protocol/) over one WebSocket with
the ``websocket-client`` package (``pip install alliancegraph[test]``); the browser is Debian's
``chromium`` (or ``$ALLIANCEGRAPH_CHROMIUM``), started with a new, throw-away profile.

A page opened with :meth:`Browser.open` has the network unreachable twice over: DevTools' offline
emulation, and a host resolver that resolves no name and a proxy that does not exist. Every request the page
makes, every console message and every uncaught exception is recorded on the :class:`Page`.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import AllianceGraphError
from ..fileio import atomic_file

__all__ = ["Browser", "Page", "BrowserError", "find_chromium", "screenshot_file", "CHROMIUM_FLAGS", "LOOPBACK_FLAGS"]

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-extensions", "--hide-scrollbars", "--mute-audio",
                  "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
                  "--proxy-bypass-list=<-loopback>"]
"""Flags every Chromium is started with (besides ``--user-data-dir`` and ``--remote-debugging-port``)."""

LOOPBACK_FLAGS = {"--host-resolver-rules=MAP * ~NOTFOUND": "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                  "--proxy-bypass-list=<-loopback>": "--proxy-bypass-list=<-loopback>;127.0.0.1"}
"""The two flags of :data:`CHROMIUM_FLAGS` that ``Browser(loopback=True)`` replaces so that 127.0.0.1, and
only 127.0.0.1 (no name, not ``localhost``, not ``::1``), is reached directly: every other host still resolves
to nothing and goes to the proxy that does not exist."""


class BrowserError(AllianceGraphError, RuntimeError):
    """Chromium could not be found or started, a DevTools command failed, or a wait timed out.

    Examples
    --------
    >>> from alliancegraph import AllianceGraphError, BrowserError
    >>> issubclass(BrowserError, AllianceGraphError), issubclass(BrowserError, RuntimeError)
    (True, True)
    """


def find_chromium() -> str:
    """The Chromium executable: ``$ALLIANCEGRAPH_CHROMIUM``, else ``chromium``, ``chromium-browser`` or
    ``google-chrome`` on the PATH. Raises :class:`BrowserError` naming the Debian package to install."""
    env = os.environ.get("ALLIANCEGRAPH_CHROMIUM")
    if env:
        return env
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise BrowserError("no Chromium found: install Debian's chromium package (apt-get install chromium) or set "
                       "ALLIANCEGRAPH_CHROMIUM")


@dataclass
class Page:
    """One browser tab, attached through a flat DevTools session.

    ``requests`` lists the URL of every request the page sent (``Network.requestWillBeSent``, the document
    itself included), ``failed`` the failed loads, ``console`` every console message as ``(type, text)``,
    ``errors`` uncaught exceptions and error-level log entries (CSP violations among them) as text.
    """

    browser: "Browser"
    session: str
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    loaded: bool = False

    def send(self, method: str, params: dict[str, Any] | None = None, timeout: float = 30.0) -> dict[str, Any]:
        """Send a DevTools command to this page; returns its result. Raises :class:`BrowserError`."""
        return self.browser.send(method, params, session=self.session, timeout=timeout)

    def event(self, method: str, params: dict[str, Any]) -> None:
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Network.loadingFailed":
            self.failed.append(f"{params.get('errorText')} ({params.get('blockedReason', '')})")
        elif method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            self.console.append((params["type"], text))
            if params["type"] in ("error", "assert"):
                self.errors.append(f"console.{params['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            d = params["exceptionDetails"]
            self.errors.append(f"exception: {d.get('exception', {}).get('description') or d.get('text')}")
        elif method == "Log.entryAdded":
            e = params["entry"]
            if e["level"] == "error":
                self.errors.append(f"log ({e['source']}): {e['text']} {e.get('url', '')}".strip())
        elif method == "Page.loadEventFired":
            self.loaded = True

    def goto(self, url: str, timeout: float = 30.0) -> None:
        """Navigate and wait for the load event."""
        self.loaded = False
        self.send("Page.navigate", {"url": url})
        self.browser.pump(lambda: self.loaded, timeout, f"loading {url}")

    def evaluate(self, expression: str, timeout: float = 30.0) -> Any:
        """The JSON value of a JavaScript expression (promises are awaited). Raises :class:`BrowserError`
        if it throws."""
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True},
                      timeout=timeout)
        if "exceptionDetails" in r:
            d = r["exceptionDetails"]
            raise BrowserError(f"{expression[:80]!r} threw: {d.get('exception', {}).get('description') or d.get('text')}")
        return r["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30.0, interval: float = 0.05) -> Any:
        """Evaluate ``expression`` until it is truthy; returns its value. Raises :class:`BrowserError` on
        timeout."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out after {timeout} s waiting for {expression!r}")
            self.browser.pump(lambda: False, interval, None)

    def screenshot(self, path: str | Path) -> Path:
        """Save a PNG of the viewport to ``path`` (parents created)."""
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path = Path(path)
        with atomic_file(path) as tmp:  # parents created; a failed write leaves no half-written PNG
            tmp.write_bytes(base64.b64decode(data))
        return path

    def resize_window(self, width: int, height: int, timeout: float = 10.0) -> None:
        """Resize the page's window so that its viewport is ``width`` x ``height`` CSS pixels (as a user
        resizes or maximizes a window, and as ``chromium --headless --screenshot --window-size`` grows the
        page to the window's size before it captures), and wait until the page has the new size. Not for a
        page whose viewport :meth:`Browser.open` fixed (``viewport=True``)."""
        chrome_w, chrome_h = self.evaluate("[outerWidth - innerWidth, outerHeight - innerHeight]")
        window = self.send("Browser.getWindowForTarget")["windowId"]
        self.send("Browser.setWindowBounds", {"windowId": window, "bounds": {
            "width": width + chrome_w, "height": height + chrome_h, "windowState": "normal"}})
        self.wait_for(f"innerWidth === {int(width)} && innerHeight === {int(height)}", timeout=timeout)

    def mouse_move(self, x: float, y: float) -> None:
        """Move the mouse to viewport CSS pixel ``(x, y)``."""
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})

    def click(self, x: float, y: float) -> None:
        """Click with the left button at viewport CSS pixel ``(x, y)``."""
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def type_text(self, text: str) -> None:
        """Type ``text`` into the focused element."""
        self.send("Input.insertText", {"text": text})

    _KEYS = {"Enter": 13, "Home": 36, "End": 35, "ArrowLeft": 37, "ArrowUp": 38, "ArrowRight": 39,
             "ArrowDown": 40, "Escape": 27, "Tab": 9}

    def press(self, key: str) -> None:
        """Press and release a key named as in ``KeyboardEvent.key`` (Enter, Home, End, arrows, Escape,
        Tab). Raises ``KeyError`` for another key."""
        code = self._KEYS[key]
        common = {"key": key, "code": key, "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code}
        down = {"type": "keyDown", **common}
        if key == "Enter":
            down["text"] = "\r"
        self.send("Input.dispatchKeyEvent", down)
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", **common})


class Browser:
    """A headless Chromium with a new profile, driven over the DevTools Protocol.

    Parameters
    ----------
    executable : str, optional
        Default :func:`find_chromium`.
    width, height : int
        Viewport size of new pages, CSS pixels.
    timeout : float
        Seconds to wait for Chromium to start.
    loopback : bool
        Let pages opened with ``offline=False`` reach 127.0.0.1 (a local server, e.g. Neo4j Browser on
        ``scripts/neo4j-server``) and nothing else (:data:`LOOPBACK_FLAGS`). Default False: no address at all.

    Raises
    ------
    BrowserError
        If Chromium is missing or does not start, or ``websocket-client`` is not installed.

    Examples
    --------
    >>> with Browser() as b:
    ...     page = b.open("data:text/html,<p id=x>hello</p>")
    ...     page.evaluate("document.getElementById('x').textContent")
    'hello'

    A view is opened the same way (``b.open(path.as_uri())``) and waited for with
    ``page.wait_for("window.allianceView && window.allianceView.ready")``.
    """

    def __init__(self, executable: str | None = None, width: int = 1400, height: int = 900, timeout: float = 30.0,
                 loopback: bool = False):
        try:
            import websocket  # websocket-client
        except ImportError:  # pragma: no cover - depends on the installation
            raise BrowserError("the browser driver needs websocket-client: pip install 'alliancegraph[test]'") from None
        self.width, self.height = width, height
        self.profile = tempfile.mkdtemp(prefix="alliancegraph-chromium-")
        exe = executable or find_chromium()
        flags = [LOOPBACK_FLAGS.get(f, f) for f in CHROMIUM_FLAGS] if loopback else CHROMIUM_FLAGS
        self.proc = subprocess.Popen([exe, *flags, f"--user-data-dir={self.profile}",
                                      "--remote-debugging-port=0", f"--window-size={width},{height}", "about:blank"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace")[-2000:] if self.proc.stderr else ""
                self._cleanup()
                raise BrowserError(f"{exe} exited with code {self.proc.returncode}: {err}")
            if time.monotonic() > deadline:
                self.close()
                raise BrowserError(f"{exe} did not open its DevTools port within {timeout} s")
            time.sleep(0.05)
        port, ws_path = port_file.read_text().splitlines()[:2]
        self.ws = websocket.create_connection(f"ws://127.0.0.1:{port}{ws_path}", suppress_origin=True,
                                              timeout=timeout, enable_multithread=False)
        self._next = 0
        self._results: dict[int, dict[str, Any]] = {}
        self.pages: dict[str, Page] = {}

    # ------------------------------------------------------------------ protocol
    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             timeout: float = 30.0) -> dict[str, Any]:
        """Send a command (to a page's ``session``, or to the browser) and wait for its result."""
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        ident = self._next
        self.pump(lambda: ident in self._results, timeout, method)
        r = self._results.pop(ident)
        if "error" in r:
            raise BrowserError(f"{method}: {r['error'].get('message')} {r['error'].get('data', '')}".strip())
        return r.get("result", {})

    def pump(self, done: Any, timeout: float, what: str | None) -> None:
        """Read messages (results and events) until ``done()`` or ``timeout`` seconds; raises
        :class:`BrowserError` on timeout when ``what`` names what was waited for."""
        import websocket

        deadline = time.monotonic() + timeout
        while not done():
            left = deadline - time.monotonic()
            if left <= 0:
                if what is None:
                    return
                raise BrowserError(f"timed out after {timeout} s: {what}")
            self.ws.settimeout(max(left, 0.001))
            try:
                raw = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                continue
            msg = json.loads(raw)
            if "id" in msg:
                self._results[msg["id"]] = msg
            elif msg.get("sessionId") in self.pages:
                self.pages[msg["sessionId"]].event(msg["method"], msg.get("params", {}))

    # ------------------------------------------------------------------ pages
    def open(self, url: str, offline: bool = True, timeout: float = 30.0, viewport: bool = True) -> Page:
        """A new tab with every event recorded, (by default) the network offline, loading ``url``.

        With ``viewport`` (the default) the page's viewport is fixed at ``width`` x ``height`` before it
        loads and never changes; without, the page has the size a new tab of the browser's window has (the
        window less its browser UI, as for a user) and follows the window (:meth:`Page.resize_window`)."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = self.pages[session] = Page(self, session)
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        if offline:
            page.send("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1,
                                                           "uploadThroughput": -1})
        if viewport:
            page.send("Emulation.setDeviceMetricsOverride", {"width": self.width, "height": self.height,
                                                             "deviceScaleFactor": 1, "mobile": False})
        page.goto(url, timeout=timeout)
        return page

    # ------------------------------------------------------------------ lifetime
    def close(self) -> None:
        """Close the browser and delete its profile."""
        try:
            if getattr(self, "ws", None) is not None:
                try:
                    self.ws.send(json.dumps({"id": 0, "method": "Browser.close"}))
                except Exception:  # noqa: BLE001 - closing anyway
                    pass
                self.ws.close()
        finally:
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            self._cleanup()

    def _cleanup(self) -> None:
        if self.proc.stderr:
            self.proc.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def screenshot_file(html: str | Path, png: str | Path, width: int = 1200, height: int = 760,
                    timeout: float = 60.0) -> Path:
    """Open an HTML view from disk offline, wait until it is drawn, and save a PNG screenshot.

    Parameters
    ----------
    html : path
        A file written by :func:`alliancegraph.views.html.write_view`.
    png : path
        Where to write the screenshot (``width`` x ``height`` CSS pixels, device scale 1).

    Raises
    ------
    BrowserError
        If Chromium is missing, the page never becomes ready or logs an error.
    """
    with Browser(width=width, height=height) as b:
        page = b.open(Path(html).resolve().as_uri())
        page.wait_for("window.allianceView && window.allianceView.ready", timeout=timeout)
        if page.errors:
            raise BrowserError(f"{html}: {'; '.join(page.errors)}")
        return page.screenshot(png)
