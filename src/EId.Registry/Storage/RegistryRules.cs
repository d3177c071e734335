using EId.Privacy;

namespace EId.Registry.Storage;

/// <summary>The checks every registry implementation applies, so they answer alike.</summary>
internal static class RegistryRules
{
    public const int MaxIdLength = 64;
    public const int MaxTextLength = 256;

    public static Failure<RegistryError>? CheckIdNumber(string? idNumber) =>
        IsToken(idNumber, MaxIdLength) ? null : new(RegistryError.BadRequest, "The identity number is empty, too long or has control characters.");

    public static Failure<RegistryError>? CheckCitizen(CitizenRecord citizen)
    {
        if (CheckIdNumber(citizen.IdNumber) is { } bad)
        {
            return bad;
        }

        if (string.IsNullOrWhiteSpace(citizen.FullName) || citizen.FullName.Length > MaxTextLength)
        {
            return new(RegistryError.BadRequest, $"Citizen {PiiMask.IdNumber(citizen.IdNumber)} has no valid name.");
        }

        return Enum.IsDefined(citizen.Status) && Enum.IsDefined(citizen.Gender)
            ? null
            : new(RegistryError.BadRequest, $"Citizen {PiiMask.IdNumber(citizen.IdNumber)} has an undefined status or gender.");
    }

    public static Failure<RegistryError>? CheckIssuance(IssuanceRecord issuance)
    {
        if (CheckIdNumber(issuance.IdNumber) is { } bad)
        {
            return bad;
        }

        if (!IsToken(issuance.Serial, MaxTextLength) || !IsToken(issuance.DeviceId, MaxTextLength) ||
            (issuance.RequestId is not null && !IsToken(issuance.RequestId, MaxTextLength)))
        {
            return new(RegistryError.BadRequest, "The serial, device id or request id is empty, too long or has control characters.");
        }

        return issuance.ExpiresAt > issuance.IssuedAt ? null : new(RegistryError.BadRequest, "The e-ID expires before it is issued.");
    }

    /// <summary>Citizens that no longer exist as persons of the registry get no new e-ID; lost or stolen cards are the issuer's policy.</summary>
    public static Failure<RegistryError>? CheckIssuable(CitizenRecord citizen) =>
        citizen.Status is CitizenStatus.Deceased or CitizenStatus.Cancelled
            ? new(RegistryError.Conflict, $"Citizen {PiiMask.IdNumber(citizen.IdNumber)} is {citizen.Status}; no e-ID can be recorded.")
            : null;

    /// <summary>A repeated write of the same serial is the same issuance when everything but the request id matches (times to the millisecond).</summary>
    public static bool SameIssuance(IssuanceRecord stored, IssuanceRecord incoming) =>
        stored.IdNumber == incoming.IdNumber && stored.DeviceId == incoming.DeviceId &&
        stored.IssuedAt.ToUnixTimeMilliseconds() == incoming.IssuedAt.ToUnixTimeMilliseconds() &&
        stored.ExpiresAt.ToUnixTimeMilliseconds() == incoming.ExpiresAt.ToUnixTimeMilliseconds();

    public static Failure<RegistryError> NotFound(string idNumber) => new(RegistryError.NotFound, $"No citizen {PiiMask.IdNumber(idNumber)}.");

    public static Failure<RegistryError> SerialConflict(string serial) => new(RegistryError.Conflict, $"Serial {serial} is already recorded with other details.");

    /// <summary>Stored times are whole milliseconds in UTC, so every implementation returns the same values.</summary>
    public static IssuanceRecord Normalise(IssuanceRecord issuance) => issuance with
    {
        IssuedAt = DateTimeOffset.FromUnixTimeMilliseconds(issuance.IssuedAt.ToUnixTimeMilliseconds()),
        ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(issuance.ExpiresAt.ToUnixTimeMilliseconds()),
    };

    private static bool IsToken(string? value, int maxLength) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= maxLength && !value.Any(char.IsControl);
}
