using EId.Credentials.Issuing;
using EId.Credentials.Keys;

namespace EId.Credentials.Tests.Keys;

public sealed class KeyStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("eid-keys-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Pkcs8_file_round_trips_and_reloads_on_rotation()
    {
        var path = Path.Combine(_dir, "issuer.p8");
        using var created = await Pkcs8FileKeyStore.CreateKeyFileAsync(path);
        var pem = await File.ReadAllTextAsync(path);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        using var store = new Pkcs8FileKeyStore(path);
        var loaded = await store.GetSigningKeyAsync();
        Assert.Equal(created.PublicKey, loaded.PublicKey);
        Assert.Equal(created.KeyIdHex, loaded.KeyIdHex);
        Assert.Same(loaded, await store.GetSigningKeyAsync());

        // Same key, same signatures (Ed25519 is deterministic).
        Assert.Equal(created.Sign("x"u8), loaded.Sign("x"u8));

        // Rotation: a new file with a later timestamp is picked up.
        using var next = await Pkcs8FileKeyStore.CreateKeyFileAsync(path);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        var rotated = await store.GetSigningKeyAsync();
        Assert.Equal(next.PublicKey, rotated.PublicKey);
        Assert.NotEqual(created.KeyIdHex, rotated.KeyIdHex);
    }

    [Fact]
    public async Task Der_pkcs8_is_accepted_and_garbage_is_a_clear_error()
    {
        using var key = IssuerSigningKey.Generate();
        var pem = System.Text.Encoding.ASCII.GetString(key.ExportPkcs8Pem());
        var der = Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal))));
        Assert.True(IssuerSigningKey.TryImportPkcs8(der, out var fromDer));
        using (fromDer)
        {
            Assert.Equal(key.PublicKey, fromDer!.PublicKey);
        }

        var path = Path.Combine(_dir, "bad.p8");
        await File.WriteAllTextAsync(path, "not a key");
        using var store = new Pkcs8FileKeyStore(path);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetSigningKeyAsync().AsTask());
        Assert.DoesNotContain("not a key", error.Message, StringComparison.Ordinal);
        using var missing = new Pkcs8FileKeyStore(Path.Combine(_dir, "missing.p8"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => missing.GetSigningKeyAsync().AsTask());
    }

    [Fact]
    public void Key_to_string_shows_only_the_kid()
    {
        using var key = IssuerSigningKey.Generate();
        var text = key.ToString();
        Assert.Contains(key.KeyIdHex, text, StringComparison.Ordinal);
        Assert.Equal($"IssuerSigningKey(kid={key.KeyIdHex})", text);
    }

    [Fact]
    public async Task Issuer_assigns_serials_indices_and_window_from_the_clock()
    {
        using var key = IssuerSigningKey.Generate();
        var clock = TestCredentials.Clock();
        var issuer = new Claim169Issuer(new InMemoryKeyStore(key), Microsoft.Extensions.Options.Options.Create(new CredentialIssuerOptions { Issuer = TestCredentials.Issuer, StatusListUri = "urn:status:1" }), new SequentialStatusIndexAllocator(100), clock);
        var subject = new CredentialSubject { IdNumber = "110101199003074518", FullName = "李四" };
        var a = await issuer.IssueAsync(new CredentialRequest(subject, "KIOSK-1", TimeSpan.FromHours(12)));
        var b = await issuer.IssueAsync(new CredentialRequest(subject, "KIOSK-1", TimeSpan.FromHours(12)) { StatusIndex = 7 });
        Assert.Equal(100, a.Metadata.StatusIndex);
        Assert.Equal(7, b.Metadata.StatusIndex);
        Assert.NotEqual(a.Metadata.Serial, b.Metadata.Serial);
        Assert.Equal(32, a.Metadata.Serial!.Length);
        Assert.Equal(TestCredentials.Now, a.Metadata.IssuedAt);
        Assert.Equal(TestCredentials.Now.AddHours(12), a.Metadata.ExpiresAt);
        Assert.Equal(key.KeyIdHex, a.Metadata.KeyId);
        await Assert.ThrowsAsync<ArgumentException>(() => issuer.IssueAsync(new CredentialRequest(subject, "KIOSK-1", TimeSpan.FromDays(90))).AsTask());

        clock.Advance(TimeSpan.FromHours(13));
        var verdict = await TestCredentials.Verifier(key, clock).VerifyAsync(a.QrText);
        Assert.Equal(CredentialError.Expired, verdict.Error);
    }
}
