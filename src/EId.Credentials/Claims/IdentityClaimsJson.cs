using System.Text.Json.Nodes;

namespace EId.Credentials.Claims;

/// <summary>
/// JSON views of decoded claims, with the camelCase field names used by Claim 169 tooling and
/// conformance vectors (<c>fullName</c>, <c>dateOfBirth</c>, <c>face</c>…). Binary data is Base64.
/// These views contain personal data: show them to the holder or operator, never log them.
/// </summary>
public static class IdentityClaimsJson
{
    private static readonly Dictionary<BiometricKind, string> BiometricNames = new()
    {
        [BiometricKind.RightThumb] = "rightThumb",
        [BiometricKind.RightPointerFinger] = "rightPointerFinger",
        [BiometricKind.RightMiddleFinger] = "rightMiddleFinger",
        [BiometricKind.RightRingFinger] = "rightRingFinger",
        [BiometricKind.RightLittleFinger] = "rightLittleFinger",
        [BiometricKind.LeftThumb] = "leftThumb",
        [BiometricKind.LeftPointerFinger] = "leftPointerFinger",
        [BiometricKind.LeftMiddleFinger] = "leftMiddleFinger",
        [BiometricKind.LeftRingFinger] = "leftRingFinger",
        [BiometricKind.LeftLittleFinger] = "leftLittleFinger",
        [BiometricKind.RightIris] = "rightIris",
        [BiometricKind.LeftIris] = "leftIris",
        [BiometricKind.Face] = "face",
        [BiometricKind.RightPalm] = "rightPalm",
        [BiometricKind.LeftPalm] = "leftPalm",
        [BiometricKind.Voice] = "voice",
    };

    /// <summary>The identity map as JSON; unknown keys appear under <c>unknownFields</c> as hex CBOR.</summary>
    public static JsonObject ToJson(IdentityClaims identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var json = new JsonObject();

        AddIfPresent(json, "id", identity.Id);
        AddIfPresent(json, "version", identity.Version);
        AddIfPresent(json, "language", identity.Language);
        AddIfPresent(json, "fullName", identity.FullName);
        AddIfPresent(json, "firstName", identity.FirstName);
        AddIfPresent(json, "middleName", identity.MiddleName);
        AddIfPresent(json, "lastName", identity.LastName);
        AddIfPresent(json, "dateOfBirth", identity.DateOfBirth);
        AddIfPresent(json, "gender", identity.Gender);
        AddIfPresent(json, "address", identity.Address);
        AddIfPresent(json, "email", identity.Email);
        AddIfPresent(json, "phone", identity.Phone);
        AddIfPresent(json, "nationality", identity.Nationality);
        AddIfPresent(json, "maritalStatus", identity.MaritalStatus);
        AddIfPresent(json, "guardian", identity.Guardian);
        AddIfPresent(json, "photo", identity.Photo is { } photo ? Convert.ToBase64String(photo.Span) : null);
        AddIfPresent(json, "photoFormat", identity.PhotoFormat);
        AddIfPresent(json, "bestQualityFingers", identity.BestQualityFingers is { } fingers ? new JsonArray([.. fingers.Select(f => (JsonNode?)f)]) : null);
        AddIfPresent(json, "secondaryFullName", identity.SecondaryFullName);
        AddIfPresent(json, "secondaryLanguage", identity.SecondaryLanguage);
        AddIfPresent(json, "locationCode", identity.LocationCode);
        AddIfPresent(json, "legalStatus", identity.LegalStatus);
        AddIfPresent(json, "countryOfIssuance", identity.CountryOfIssuance);
        foreach (var (kind, samples) in identity.Biometrics.OrderBy(b => b.Key))
        {
            var array = new JsonArray();
            foreach (var sample in samples)
            {
                var item = new JsonObject { ["data"] = Convert.ToBase64String(sample.Data.Span) };
                if (sample.Format is { } format)
                {
                    item["format"] = format;
                }

                if (sample.SubFormat is { } subFormat)
                {
                    item["subFormat"] = subFormat;
                }

                if (sample.Issuer is { } issuer)
                {
                    item["issuer"] = issuer;
                }

                array.Add(item);
            }

            AddIfPresent(json, BiometricNames[kind], array);
        }

        if (identity.UnknownFields.Count > 0)
        {
            var unknown = new JsonObject();
            foreach (var (key, raw) in identity.UnknownFields)
            {
                unknown[key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Convert.ToHexStringLower(raw.Span);
            }

            json["unknownFields"] = unknown;
        }

        return json;
    }

    /// <summary>The CWT envelope as JSON (<c>issuer</c>, <c>subject</c>, <c>expiresAt</c>, <c>notBefore</c>, <c>issuedAt</c> in epoch seconds, plus EId's profile claims).</summary>
    public static JsonObject ToJson(CwtClaims claims, ReadOnlySpan<byte> keyId = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var json = new JsonObject();

        AddIfPresent(json, "issuer", claims.Issuer);
        AddIfPresent(json, "subject", claims.Subject);
        AddIfPresent(json, "expiresAt", claims.ExpiresAt);
        AddIfPresent(json, "notBefore", claims.NotBefore);
        AddIfPresent(json, "issuedAt", claims.IssuedAt);
        AddIfPresent(json, "serial", claims.Cti is { } cti ? Convert.ToHexStringLower(cti.Span) : null);
        AddIfPresent(json, "keyId", keyId.IsEmpty ? null : Convert.ToHexStringLower(keyId));
        AddIfPresent(json, "deviceId", claims.DeviceId);
        AddIfPresent(json, "statusIndex", claims.StatusIndex);
        AddIfPresent(json, "statusListUri", claims.StatusListUri);
        return json;
    }

    /// <summary>
    /// Reads the JSON form produced by <see cref="ToJson(IdentityClaims)"/> (e.g. a claims file for the CLI).
    /// Returns false with a reason when a field has the wrong JSON type; unknown names are ignored.
    /// </summary>
    public static bool TryFromJson(JsonObject json, out IdentityClaims claims, out string error)
    {
        ArgumentNullException.ThrowIfNull(json);
        claims = new IdentityClaims();
        error = string.Empty;
        try
        {
            string? Text(string name) => json[name]?.GetValue<string>();
            int? Int(string name) => json[name]?.GetValue<int>();
            var biometrics = new Dictionary<BiometricKind, IReadOnlyList<Biometric>>();
            foreach (var (kind, name) in BiometricNames)
            {
                if (json[name] is JsonArray samples)
                {
                    biometrics[kind] = [.. samples.Select(x => new Biometric(
                        Convert.FromBase64String(x!["data"]!.GetValue<string>()),
                        x["format"]?.GetValue<int>(),
                        x["subFormat"]?.GetValue<int>(),
                        x["issuer"]?.GetValue<string>()))];
                }
            }

            claims = new IdentityClaims
            {
                Id = Text("id"),
                Version = Text("version"),
                Language = Text("language"),
                FullName = Text("fullName"),
                FirstName = Text("firstName"),
                MiddleName = Text("middleName"),
                LastName = Text("lastName"),
                DateOfBirth = Text("dateOfBirth"),
                Gender = Int("gender"),
                Address = Text("address"),
                Email = Text("email"),
                Phone = Text("phone"),
                Nationality = Text("nationality"),
                MaritalStatus = Int("maritalStatus"),
                Guardian = Text("guardian"),
                Photo = Text("photo") is { } photo ? (ReadOnlyMemory<byte>?)Convert.FromBase64String(photo) : null,
                PhotoFormat = Int("photoFormat"),
                BestQualityFingers = json["bestQualityFingers"] is JsonArray fingers ? [.. fingers.Select(f => f!.GetValue<int>())] : null,
                SecondaryFullName = Text("secondaryFullName"),
                SecondaryLanguage = Text("secondaryLanguage"),
                LocationCode = Text("locationCode"),
                LegalStatus = Text("legalStatus"),
                CountryOfIssuance = Text("countryOfIssuance"),
                Biometrics = biometrics,
            };
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            error = "A claims field has the wrong type: " + e.GetType().Name;
            return false;
        }
    }

    private static void AddIfPresent(JsonObject json, string name, JsonNode? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }
}
