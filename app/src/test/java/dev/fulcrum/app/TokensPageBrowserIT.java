package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The API tokens page in a real browser: Debian's Chromium, headless, driven by Selenium through Debian's
 * chromedriver (nothing is downloaded). Runs in {@code mvn verify}, after {@code package}; on a machine without
 * them it is skipped, and says so, unless {@code FULCRUM_REQUIRE_BROWSER} is set (CI sets it: there a missing browser
 * is a failure, not a skip).
 */
class TokensPageBrowserIT {
    private static TestServer server;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() {
        File chromium = new File(System.getProperty("chromium", "/usr/bin/chromium"));
        File chromedriver = new File(System.getProperty("chromedriver", "/usr/bin/chromedriver"));
        boolean installed = chromium.canExecute() && chromedriver.canExecute();
        if (System.getenv("FULCRUM_REQUIRE_BROWSER") != null) {
            assertThat(installed).as("FULCRUM_REQUIRE_BROWSER is set: %s and %s must be installed", chromium, chromedriver)
                    .isTrue();
        }
        Assumptions.assumeTrue(installed, chromium + " or " + chromedriver + " is not installed"
                + " (Debian: apt-get install chromium chromium-driver): the browser tests are skipped");
        server = TestServer.start();
        TokensPageTest.createUser(server, "admin@example.com", "super-admin");
        server.create("roles", "role", "{\"name\":\"viewers\",\"permissions\":[{\"name\":\"AccessVisualization\"}]}");
        TokensPageTest.createUser(server, "viewer@example.com", "viewers");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.getPath());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,860");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver).build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static void signIn(String user, String password) {
        browser.get(url("/ui/sign-in"));
        browser.findElement(By.id("user")).clear();
        browser.findElement(By.id("user")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
    }

    private static void screenshot(String name) throws Exception {
        Path target = Path.of("target", "screenshots");
        Files.createDirectories(target);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void an_administrator_signs_in_creates_copies_and_revokes_a_token() throws Exception {
        browser.get(url("/"));
        wait.until(ExpectedConditions.urlContains("/ui/sign-in"));
        assertThat(browser.getTitle()).isEqualTo("Sign in · Fulcrum");
        screenshot("sign-in");

        signIn("admin@example.com", "not my password");
        WebElement passwordError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password-error")));
        assertThat(passwordError.getText()).contains("wrong");
        assertThat(browser.findElement(By.id("user")).getAttribute("value")).isEqualTo("admin@example.com");

        signIn("admin@example.com", TokensPageTest.PASSWORD);
        wait.until(ExpectedConditions.urlContains("/ui/tokens"));
        assertThat(browser.findElement(By.id("signed-in-as")).getText()).contains("admin@example.com");
        Cookie session = browser.manage().getCookieNamed("fulcrum_session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(browser.findElement(By.id("no-tokens")).getText()).contains("no active tokens");

        browser.findElement(By.id("create-token")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name-error"))).getText())
                .contains("Give the token a name");

        browser.findElement(By.id("name")).sendKeys("grafana-prod");
        browser.findElement(By.id("create-token")).click();
        WebElement raw = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token")));
        String token = raw.getAttribute("value");
        assertThat(token).startsWith("fulcrum_");
        browser.findElement(By.id("copy-token")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("copy-status"), "Copied"));
        assertThat(browser.findElement(By.cssSelector("tr[data-token='grafana-prod']")).getText()).contains("super-admin");
        screenshot("created");
        assertThat(server.anonymous().header("x-imply-api-token", token).get("/api/v1/users").statusCode()).isEqualTo(200);

        browser.get(url("/ui/tokens"));
        assertThat(browser.getPageSource()).as("shown once").doesNotContain(token);
        browser.findElement(By.cssSelector("tr[data-token='grafana-prod'] button")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice"))).getText()).contains("revoked");
        assertThat(browser.findElements(By.cssSelector("tr[data-token='grafana-prod']"))).isEmpty();
        assertThat(server.anonymous().header("x-imply-api-token", token).get("/api/v1/users").statusCode()).isEqualTo(401);

        browser.findElement(By.id("sign-out")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice"))).getText()).contains("signed out");
        browser.get(url("/ui/tokens"));
        wait.until(ExpectedConditions.urlContains("/ui/sign-in"));
    }

    @Test
    void a_user_without_the_permission_sees_a_clear_message() throws Exception {
        browser.manage().deleteAllCookies();
        signIn("viewer@example.com", TokensPageTest.PASSWORD);
        WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-permission")));
        assertThat(message.getText()).contains("You cannot manage API tokens").contains("ManageApiTokens");
        assertThat(browser.findElements(By.id("create-form"))).isEmpty();
        screenshot("no-permission");
        browser.findElement(By.id("sign-out")).click();
    }
}
