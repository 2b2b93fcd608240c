// Signing in and out through the sign-in page, with each role; a wrong token is refused plainly.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, launch, signIn, checkAccessibility, screenshot } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startDemo();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the sign-in page is the first screen, and accessible", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url + "/");
  await page.getByRole("heading", { name: "Sign in to Takt" }).waitFor();
  await checkAccessibility(page, "sign-in");
  await screenshot(page, "signin");
  await page.close();
});

test("a wrong token is refused with the server's reason and no session", async () => {
  const page = await browser.newPage();
  await page.goto(server.url + "/");
  await page.getByLabel("User name").fill("demo-operator");
  await page.getByLabel("Token").fill("takt_wrong");
  await page.getByRole("button", { name: "Sign in" }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /token|user/i);
  const cookies = await page.context().cookies();
  assert.equal(cookies.filter((c) => c.name === "takt_session").length, 0);
  await page.close();
});

test("each role signs in to its home, the session cookie is HttpOnly and Strict, and signs out", async () => {
  for (const user of ["demo-operator", "demo-supervisor", "demo-viewer", "demo-admin"]) {
    const page = await signIn(browser, server, user);
    await page.getByRole("heading", { name: `Welcome, ${user}` }).waitFor();
    const [cookie] = (await page.context().cookies()).filter((c) => c.name === "takt_session");
    assert.ok(cookie, "a session cookie");
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, "Strict");
    assert.equal(await page.evaluate(() => document.cookie.includes("takt_session")), false, "scripts cannot read it");
    if (user === "demo-supervisor") {
      await checkAccessibility(page, "home");
      await screenshot(page, "home-supervisor");
    }
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to Takt" }).waitFor();
    // The old session is gone on the server, not only in the page.
    await page.reload();
    await page.getByRole("heading", { name: "Sign in to Takt" }).waitFor();
    assert.deepEqual(page.problems.filter((p) => !/401/.test(p)), []);
    await page.context().close();
  }
});

test("the language is the user's choice and is kept", async () => {
  const page = await signIn(browser, server, "demo-supervisor");
  await page.getByLabel("Language").first().selectOption("fr");
  await page.getByRole("button", { name: "Se déconnecter" }).waitFor();
  await page.reload();
  await page.getByRole("button", { name: "Se déconnecter" }).waitFor();
  await page.context().close();
});
