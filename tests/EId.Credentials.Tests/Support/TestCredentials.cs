using EId.Credentials.Claims;
using EId.Credentials.Keys;
using EId.Credentials.Trust;
using EId.Credentials.Verification;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EId.Credentials.Tests.Support;

/// <summary>Shared fixtures: a fixed clock, a key, claims and a verifier over real crypto.</summary>
internal static class TestCredentials
{
    public const string Issuer = "https://kiosk.example.test/eid";

    public static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock(DateTimeOffset? at = null) => new(at ?? Now);

    public static CwtClaims Claims(IdentityClaims? identity = null, DateTimeOffset? issuedAt = null, TimeSpan? validity = null)
    {
        var iat = issuedAt ?? Now;
        return new CwtClaims
        {
            Issuer = Issuer,
            IssuedAt = iat.ToUnixTimeSeconds(),
            NotBefore = iat.ToUnixTimeSeconds(),
            ExpiresAt = (iat + (validity ?? TimeSpan.FromDays(1))).ToUnixTimeSeconds(),
            Cti = Convert.FromHexString("00112233445566778899aabbccddeeff"),
            DeviceId = "KIOSK-0042",
            Identity = identity ?? Identity(),
        };
    }

    public static IdentityClaims Identity() => new()
    {
        Id = "110101199003074518",
        FullName = "张三",
        DateOfBirth = "19900307",
        Gender = 1,
        Address = "北京市东城区景山前街4号",
        Nationality = "CHN",
        CountryOfIssuance = "CN",
    };

    public static Claim169Verifier Verifier(IssuerSigningKey key, TimeProvider? time = null, Action<CredentialVerifierOptions>? configure = null, EId.Credentials.Status.IStatusListSource? statusLists = null)
    {
        var options = new CredentialVerifierOptions();
        configure?.Invoke(options);
        return new Claim169Verifier(new TrustList([key.ToTrustedKey(Issuer)]), Options.Create(options), time ?? Clock(), statusLists);
    }
}
