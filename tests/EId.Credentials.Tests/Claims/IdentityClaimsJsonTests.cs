using System.Text.Json.Nodes;
using EId.Credentials.Claims;

namespace EId.Credentials.Tests.Claims;

public sealed class IdentityClaimsJsonTests
{
    [Fact]
    public void Json_form_round_trips()
    {
        var identity = TestCredentials.Identity() with
        {
            BestQualityFingers = [1, 6],
            Biometrics = new Dictionary<BiometricKind, IReadOnlyList<Biometric>> { [BiometricKind.Face] = [new Biometric(new byte[] { 1, 2, 3 }, 0, 4)] },
        };
        var json = IdentityClaimsJson.ToJson(identity);
        Assert.Equal("AQID", json["face"]![0]!["data"]!.GetValue<string>());
        Assert.True(IdentityClaimsJson.TryFromJson(JsonNode.Parse(json.ToJsonString())!.AsObject(), out var back, out _));
        Assert.Equal(identity.FullName, back.FullName);
        Assert.Equal(identity.Address, back.Address);
        Assert.Equal([1, 6], back.BestQualityFingers);
        Assert.Equal(new byte[] { 1, 2, 3 }, back.Face[0].Data.ToArray());
        Assert.Equal(4, back.Face[0].SubFormat);
        Assert.Null(back.Photo);
        Assert.False(IdentityClaimsJson.ToJson(back).ContainsKey("photo"));
    }

    [Fact]
    public void Wrong_json_types_are_reported()
    {
        Assert.False(IdentityClaimsJson.TryFromJson(new JsonObject { ["gender"] = "male" }, out _, out var error));
        Assert.NotEmpty(error);
        Assert.False(IdentityClaimsJson.TryFromJson(new JsonObject { ["face"] = new JsonArray(new JsonObject { ["data"] = "!!" }) }, out _, out _));
    }
}
