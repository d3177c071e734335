using Microsoft.Playwright;

namespace EId.Regulator.Web.Tests;

/// <summary>
/// Headless Debian Chromium (<c>/usr/bin/chromium</c>) driven by Playwright's Node driver from the NuGet package. Playwright's
/// own browser download never runs. <see cref="Browser"/> is null (and the browser tests skip with <see cref="SkipReason"/>)
/// when Chromium is not installed.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public string SkipReason { get; private set; } = string.Empty;

    /// <summary>Where the screenshots go: the test results folder of eng/test.sh.</summary>
    public static string ScreenshotFolder { get; } = Directory.CreateDirectory(Path.Combine(EId.Testing.SharedData.RepoRoot, "artifacts", "test-results", "regulator-console")).FullName;

    public async ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        if (!File.Exists(ChromiumPath))
        {
            SkipReason = $"Chromium is not installed at {ChromiumPath} (apt-get install chromium; .ci/run installs it).";
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // CI runs as root in a container: Chromium's sandbox needs user namespaces it may not have.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
