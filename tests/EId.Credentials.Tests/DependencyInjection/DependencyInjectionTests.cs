using EId.Credentials.Keys;
using EId.Credentials.Trust;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EId.Credentials.Tests.DependencyInjection;

public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task AddEIdCredentials_wires_issuer_and_verifier_end_to_end()
    {
        var dir = Directory.CreateTempSubdirectory("eid-di-").FullName;
        try
        {
            var keyPath = Path.Combine(dir, "issuer.p8");
            using var key = await Pkcs8FileKeyStore.CreateKeyFileAsync(keyPath);
            var trustPath = Path.Combine(dir, "trust.json");
            await File.WriteAllTextAsync(trustPath, new TrustList([key.ToTrustedKey(TestCredentials.Issuer)]).ToJson());

            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(new FakeTimeProvider(TestCredentials.Now));
            services.AddEIdCredentials(o =>
            {
                o.Issuer.Issuer = TestCredentials.Issuer;
                o.SigningKeyPath = keyPath;
                o.TrustListPath = trustPath;
            });
            await using var provider = services.BuildServiceProvider(validateScopes: true);
            var issuer = provider.GetRequiredService<ICredentialIssuer>();
            var verifier = provider.GetRequiredService<ICredentialVerifier>();

            var issued = await issuer.IssueAsync(new CredentialRequest(new CredentialSubject { IdNumber = "110101199003074518" }, "KIOSK-1", TimeSpan.FromHours(1)));
            var verdict = await verifier.VerifyAsync(issued.QrText);
            Assert.True(verdict.IsValid, verdict.Message);
            Assert.Equal(key.KeyIdHex, verdict.Metadata!.KeyId);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Invalid_options_fail_validation()
    {
        var services = new ServiceCollection();
        services.AddEIdCredentials(o => o.Verifier.ClockSkew = TimeSpan.FromDays(1));
        using var provider = services.BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EId.Credentials.CredentialsOptions>>().Value);
    }
}
