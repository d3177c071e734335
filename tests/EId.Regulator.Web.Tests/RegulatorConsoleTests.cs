using System.Net;
using System.Text.Json;
using EId.Postal.Regulation;
using Microsoft.Playwright;
using SkiaSharp;

namespace EId.Regulator.Web.Tests;

/// <summary>The regulator console in a real browser (headless Chromium) against the real server, with screenshots checked.</summary>
[Collection(RegulatorServerCollection.Name)]
public sealed class RegulatorConsoleTests(RegulatorServerFixture server, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const RegulatorRoles NoPii = RegulatorRoles.Trace | RegulatorRoles.SenderSearch | RegulatorRoles.RegionSearch;
    private const RegulatorRoles All = NoPii | RegulatorRoles.ReadPersonalData | RegulatorRoles.Audit;
    private const int Width = 1200;
    private const int Height = 900;

    private async Task<(IBrowserContext Context, IPage Page)> OpenAsync()
    {
        Assert.SkipWhen(browser.Browser is null, browser.SkipReason);
        var context = await browser.Browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = Width, Height = Height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.Console.AbsoluteUri);
        return (context, page);
    }

    private static async Task SignInAsync(IPage page, string token)
    {
        await page.FillAsync("#token", token);
        await page.ClickAsync("#sign-in-button");
    }

    private static async Task<string> ScreenshotAsync(IPage page, string name, string? selector = null)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png");
        if (selector is null)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        }
        else
        {
            await page.Locator(selector).ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        }

        return path;
    }

    /// <summary>Decodes a screenshot and checks it: right size (when given), not blank (more than one colour).</summary>
    private static SKBitmap CheckPng(string path, int? width = null, int? height = null)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), "not a PNG");
        var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        if (width is not null)
        {
            Assert.Equal(width, bitmap.Width);
            Assert.Equal(height, bitmap.Height);
        }

        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 4)
        {
            for (var x = 0; x < bitmap.Width; x += 4)
            {
                colours.Add((uint)bitmap.GetPixel(x, y));
            }
        }

        Assert.True(colours.Count > 2, $"{Path.GetFileName(path)} is blank");
        return bitmap;
    }

    [Fact]
    public async Task Supervisor_traces_a_waybill_and_sees_the_sender()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        await SignInAsync(page, server.Token(RegulatorServerFixture.NewOfficer("supervisor"), All));
        await page.WaitForSelectorAsync("#console:not([hidden])");
        Assert.Contains("read-personal-data", await page.TextContentAsync("#officer-roles"), StringComparison.Ordinal);

        var parcel = server.Parcels[2];
        await page.FillAsync("#trace-waybill", parcel.WaybillNumber);
        await page.ClickAsync("#trace-form button");
        await page.WaitForSelectorAsync("#trace-result dl");
        var text = await page.TextContentAsync("#trace-result") ?? string.Empty;
        Assert.Contains(parcel.WaybillNumber, text, StringComparison.Ordinal);
        Assert.Contains(parcel.SenderPii!.FullName, text, StringComparison.Ordinal);
        Assert.Contains(parcel.SenderPii.IdNumber, text, StringComparison.Ordinal);
        using var shot = CheckPng(await ScreenshotAsync(page, "trace-supervisor"), Width, Height);
    }

    [Fact]
    public async Task Without_the_personal_data_role_the_page_and_the_api_never_show_name_or_id()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        await SignInAsync(page, server.Token(RegulatorServerFixture.NewOfficer("analyst"), NoPii));
        await page.WaitForSelectorAsync("#console:not([hidden])");

        var parcel = server.Parcels[5];
        var pii = parcel.SenderPii!;
        var trace = await page.RunAndWaitForResponseAsync(async () =>
        {
            await page.FillAsync("#trace-waybill", parcel.WaybillNumber);
            await page.ClickAsync("#trace-form button");
        }, r => r.Url.Contains("/v1/parcels/", StringComparison.Ordinal));
        Assert.Equal((int)HttpStatusCode.OK, trace.Status);
        var traceJson = JsonText.Decoded(await trace.TextAsync());
        await page.WaitForSelectorAsync("#trace-result dl");

        var search = await page.RunAndWaitForResponseAsync(async () =>
        {
            await page.SelectOptionAsync("#sender-kind", "idNumber");
            await page.FillAsync("#sender-value", pii.IdNumber);
            await page.FillAsync("#sender-from", "2026-11-01");
            await page.FillAsync("#sender-to", "2026-11-09");
            await page.ClickAsync("#sender-form button");
        }, r => r.Url.Contains("/v1/sender-parcels", StringComparison.Ordinal));
        Assert.Equal((int)HttpStatusCode.OK, search.Status);
        var searchJson = JsonText.Decoded(await search.TextAsync());
        await page.WaitForSelectorAsync("#sender-result table");
        var rows = await page.Locator("#sender-result table tr").CountAsync();
        Assert.Equal(server.Parcels.Count(p => p.SenderPii == pii) + 1, rows);

        Assert.Contains(parcel.SenderNameMasked, await page.TextContentAsync("#trace-result") ?? string.Empty, StringComparison.Ordinal);
        // The ID number was typed into the search box, so it is in that input's value, never in the rendered text.
        var pageText = await page.InnerTextAsync("body");
        foreach (var secret in new[] { pii.FullName, pii.IdNumber })
        {
            Assert.DoesNotContain(secret, pageText, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, traceJson, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, searchJson, StringComparison.Ordinal);
        }

        Assert.Contains(parcel.SenderNameMasked, traceJson, StringComparison.Ordinal);
        using var shot = CheckPng(await ScreenshotAsync(page, "analyst-masked"), Width, Height);
    }

    [Fact]
    public async Task Region_chart_has_one_bar_per_day_and_draws_them()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        await SignInAsync(page, server.Token(RegulatorServerFixture.NewOfficer("region"), NoPii));
        await page.WaitForSelectorAsync("#console:not([hidden])");
        await page.FillAsync("#region-code", "110000");
        await page.FillAsync("#region-from", "2026-11-02");
        await page.FillAsync("#region-to", "2026-11-08");
        await page.ClickAsync("#region-form button");
        await page.WaitForSelectorAsync("#region-result table");

        var bars = page.Locator("#region-chart svg rect.bar");
        Assert.Equal(RegulatorServerFixture.Days, await bars.CountAsync());
        var values = new List<int>();
        for (var i = 0; i < RegulatorServerFixture.Days; i++)
        {
            values.Add(int.Parse(await bars.Nth(i).GetAttributeAsync("data-value") ?? "-1", System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(Enumerable.Range(0, RegulatorServerFixture.Days).Select(RegulatorServerFixture.ParcelsOn), values);
        Assert.Equal(server.Parcels.Count + 1, await page.Locator("#region-result table tr").CountAsync());

        await ScreenshotAsync(page, "region-page", null);
        var chartPath = await ScreenshotAsync(page, "region-chart", "#region-chart svg");
        using var chart = CheckPng(chartPath);
        var box = await page.Locator("#region-chart svg").BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.InRange(chart.Width, (int)box.Width - 2, (int)box.Width + 2);
        Assert.InRange(chart.Height, (int)box.Height - 2, (int)box.Height + 2);

        // The bars are #1f6feb: count bar-coloured pixels, and check the tallest day has the tallest column of them.
        var columns = new int[chart.Width];
        for (var y = 0; y < chart.Height; y++)
        {
            for (var x = 0; x < chart.Width; x++)
            {
                var c = chart.GetPixel(x, y);
                if (Math.Abs(c.Red - 0x1f) < 24 && Math.Abs(c.Green - 0x6f) < 24 && Math.Abs(c.Blue - 0xeb) < 24)
                {
                    columns[x]++;
                }
            }
        }

        Assert.True(columns.Sum() > 500, "the chart has hardly any bar pixels");
        var tallest = Array.IndexOf(columns, columns.Max());
        var busiestDay = values.IndexOf(values.Max());
        Assert.InRange(tallest, chart.Width * busiestDay / RegulatorServerFixture.Days, chart.Width * (busiestDay + 2) / RegulatorServerFixture.Days);
    }

    [Fact]
    public async Task Expired_and_wrong_audience_tokens_show_a_sign_in_error()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        var officer = RegulatorServerFixture.NewOfficer("late");
        await SignInAsync(page, server.Token(officer, All, TimeSpan.FromMinutes(5), notBefore: DateTimeOffset.UtcNow.AddHours(-3)));
        await page.WaitForFunctionAsync("() => document.getElementById('sign-in-error').textContent.length > 0");
        Assert.Contains("expired", await page.TextContentAsync("#sign-in-error") ?? string.Empty, StringComparison.Ordinal);
        Assert.True(await page.IsHiddenAsync("#console"));
        using (var shot = CheckPng(await ScreenshotAsync(page, "sign-in-expired"), Width, Height))
        {
        }

        await SignInAsync(page, server.Token(officer, All, audience: "another-api"));
        await page.WaitForFunctionAsync("() => document.getElementById('sign-in-error').textContent.includes('audience')");
        Assert.True(await page.IsHiddenAsync("#console"));
    }

    [Fact]
    public async Task Rate_limit_is_shown_as_429()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        var token = server.Token(RegulatorServerFixture.NewOfficer("hasty"), NoPii);
        using (var client = server.Client(token))
        {
            // Use up all but one request of this officer's window; the sign-in takes the last.
            for (var i = 0; i < RegulatorServerFixture.RateLimit - 1; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("me", TestContext.Current.CancellationToken)).StatusCode);
            }
        }

        await SignInAsync(page, token);
        await page.WaitForSelectorAsync("#console:not([hidden])");
        await page.FillAsync("#trace-waybill", server.Parcels[0].WaybillNumber);
        await page.ClickAsync("#trace-form button");
        await page.WaitForFunctionAsync("() => document.getElementById('message').textContent.length > 0");
        Assert.Contains("429", await page.TextContentAsync("#message") ?? string.Empty, StringComparison.Ordinal);
        using var shot = CheckPng(await ScreenshotAsync(page, "rate-limited"), Width, Height);
    }

    [Fact]
    public async Task Ledger_panel_shows_an_intact_chain_and_its_latest_checkpoint()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        await SignInAsync(page, server.Token(RegulatorServerFixture.NewOfficer("auditor"), RegulatorRoles.Audit));
        await page.WaitForSelectorAsync("#console:not([hidden])");
        await page.ClickAsync("#ledger-button");
        await page.WaitForSelectorAsync("#ledger-status");
        var text = await page.TextContentAsync("#ledger-status") ?? string.Empty;
        Assert.Contains("intact", text, StringComparison.Ordinal);
        Assert.Contains($"entry {server.Parcels.Count}, signed", text, StringComparison.Ordinal);
        using var shot = CheckPng(await ScreenshotAsync(page, "ledger"), Width, Height);
    }
}
