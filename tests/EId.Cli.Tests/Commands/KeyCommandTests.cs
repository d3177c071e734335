using System.Text.Json;
using EId.Credentials;
using EId.Credentials.Issuing;
using EId.Credentials.Keys;
using EId.Credentials.Trust;
using EId.Credentials.Verification;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EId.Cli.Tests.Commands;

public sealed class KeyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("eid-key-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Key_new_writes_validFrom_in_whole_seconds_so_a_credential_issued_in_its_first_second_verifies()
    {
        // Issue 18, item 3: the clock at 12:00:00.7 used to be written as validFrom, above the credential's iat 12:00:00.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, 700, TimeSpan.Zero));
        var keyPath = Path.Combine(_dir, "issuer.p8");
        var trustPath = Path.Combine(_dir, "trust.json");
        var (code, _, error) = await CliHarness.RunAsync(clock, "key", "new", "--out", keyPath, "--trust", trustPath, "--issuer", "https://kiosk.example.test/eid");
        Assert.True(code == 0, error);

        var json = await File.ReadAllTextAsync(trustPath, TestContext.Current.CancellationToken);
        using (var document = JsonDocument.Parse(json))
        {
            Assert.Equal("2026-03-01T12:00:00+00:00", document.RootElement.GetProperty("keys")[0].GetProperty("validFrom").GetString());
        }

        Assert.True(TrustList.TryParseJson(json, out var trust, out var parseError), parseError);
        using var store = new Pkcs8FileKeyStore(keyPath);
        var issuer = new Claim169Issuer(store, Options.Create(new CredentialIssuerOptions { Issuer = "https://kiosk.example.test/eid" }), time: clock);
        var issued = await issuer.IssueAsync(new CredentialRequest(new CredentialSubject { IdNumber = "110101199003074518" }, "KIOSK-1", TimeSpan.FromHours(1)), TestContext.Current.CancellationToken);
        var verdict = await new Claim169Verifier(trust, null, clock).VerifyAsync(issued.QrText, TestContext.Current.CancellationToken);
        Assert.True(verdict.IsValid, verdict.Message);
    }
}
