using System.Globalization;
using EId.Documents;
using EId.Faces;

namespace EId.Credentials.Claims;

/// <summary>Maps between the wire model (<see cref="CwtClaims"/>, <see cref="IdentityClaims"/>) and the Abstractions records.</summary>
public static class CredentialMapping
{
    /// <summary>The envelope of a claims set.</summary>
    public static CredentialMetadata ToMetadata(CwtClaims claims, ReadOnlySpan<byte> keyId)
    {
        ArgumentNullException.ThrowIfNull(claims);
        return new CredentialMetadata
        {
            Issuer = claims.Issuer,
            SubjectId = claims.Subject,
            Serial = claims.Cti is { } cti ? Convert.ToHexStringLower(cti.Span) : null,
            IssuedAt = ToTime(claims.IssuedAt),
            NotBefore = ToTime(claims.NotBefore),
            ExpiresAt = ToTime(claims.ExpiresAt),
            KeyId = keyId.IsEmpty ? null : Convert.ToHexStringLower(keyId),
            DeviceId = claims.DeviceId,
            StatusIndex = claims.StatusIndex,
        };
    }

    /// <summary>The subject an identity map asserts (fields the subject record has no place for are dropped).</summary>
    public static CredentialSubject ToSubject(IdentityClaims identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        DocumentPortrait? face = null;
        FaceTemplate? template = null;
        foreach (var sample in identity.Face)
        {
            if (face is null && sample.Format is null or Biometric.ImageFormat)
            {
                face = new DocumentPortrait(sample.Data, sample.SubFormat switch
                {
                    Biometric.PngSubFormat => ImageFormat.Png,
                    Biometric.JpegSubFormat => ImageFormat.Jpeg,
                    Biometric.Jpeg2000SubFormat => ImageFormat.Jpeg2000,
                    Biometric.WebPSubFormat => ImageFormat.WebP,
                    _ => ImageFormat.Unknown,
                });
            }
            else if (template is null && sample is { Format: Biometric.TemplateFormat, SubFormat: Biometric.EIdFaceTemplateSubFormat })
            {
                template = DecodeTemplate(sample);
            }
        }

        return new CredentialSubject
        {
            IdNumber = identity.Id ?? string.Empty,
            FullName = identity.FullName,
            BirthDate = DateOnly.TryParseExact(identity.DateOfBirth, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dob) ? dob : null,
            Gender = identity.Gender is >= 1 and <= 3 ? (Gender)identity.Gender.Value : Gender.Unspecified,
            Address = identity.Address,
            Nationality = identity.Nationality,
            Face = face,
            FaceTemplate = template,
        };
    }

    /// <summary>The identity map for a subject.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="countryOfIssuance">Key 23, when the issuer sets one.</param>
    public static IdentityClaims ToIdentity(CredentialSubject subject, string? countryOfIssuance = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var face = new List<Biometric>();
        if (subject.Face is { } portrait)
        {
            face.Add(new Biometric(portrait.Data, Biometric.ImageFormat, portrait.Format switch
            {
                ImageFormat.Png => Biometric.PngSubFormat,
                ImageFormat.Jpeg => Biometric.JpegSubFormat,
                ImageFormat.Jpeg2000 => Biometric.Jpeg2000SubFormat,
                ImageFormat.WebP => Biometric.WebPSubFormat,
                _ => null,
            }));
        }

        if (subject.FaceTemplate is { } template)
        {
            face.Add(EncodeTemplate(template));
        }

        var biometrics = new Dictionary<BiometricKind, IReadOnlyList<Biometric>>();
        if (face.Count > 0)
        {
            biometrics[BiometricKind.Face] = face;
        }

        return new IdentityClaims
        {
            Id = subject.IdNumber,
            FullName = subject.FullName,
            DateOfBirth = subject.BirthDate?.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            Gender = subject.Gender == Gender.Unspecified ? null : (int)subject.Gender,
            Address = subject.Address,
            Nationality = subject.Nationality,
            CountryOfIssuance = countryOfIssuance,
            Biometrics = biometrics,
        };
    }

    /// <summary>Packs a face template as an int8 vector (value × 127), the model id as the data issuer.</summary>
    public static Biometric EncodeTemplate(FaceTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var vector = template.Vector.Span;
        var data = new byte[vector.Length];
        for (var i = 0; i < vector.Length; i++)
        {
            data[i] = (byte)(sbyte)Math.Clamp(MathF.Round(vector[i] * 127f), -127f, 127f);
        }

        return new Biometric(data, Biometric.TemplateFormat, Biometric.EIdFaceTemplateSubFormat, template.ModelId);
    }

    /// <summary>Unpacks an int8 face template and re-normalises it.</summary>
    public static FaceTemplate DecodeTemplate(Biometric sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var bytes = sample.Data.Span;
        var vector = new float[bytes.Length];
        var norm = 0f;
        for (var i = 0; i < bytes.Length; i++)
        {
            vector[i] = (sbyte)bytes[i] / 127f;
            norm += vector[i] * vector[i];
        }

        if (norm > 0)
        {
            var scale = 1f / MathF.Sqrt(norm);
            foreach (ref var v in vector.AsSpan())
            {
                v *= scale;
            }
        }

        return new FaceTemplate(sample.Issuer ?? "unknown", vector);
    }

    private static DateTimeOffset? ToTime(long? seconds) =>
        seconds is { } s && s >= DateTimeOffset.MinValue.ToUnixTimeSeconds() && s <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds(s)
            : null;
}
