using EId.Postal.Regions;
using EId.Postal.Waybills;
using EId.Privacy;

namespace EId.Postal.Parcels;

/// <summary>
/// The field rules every parcel must meet before it is accepted or appended: waybill format,
/// region codes, field lengths and characters, weight range, and masked display fields that
/// reveal no more than <see cref="PiiMask"/> allows.
/// </summary>
public static class ParcelRules
{
    /// <summary>Longest item description.</summary>
    public const int MaxDescriptionLength = 200;

    /// <summary>Longest identifier (courier, device, verifier, sender token).</summary>
    public const int MaxIdentifierLength = 64;

    /// <summary>Longest item category code.</summary>
    public const int MaxCategoryLength = 16;

    /// <summary>Longest masked display field.</summary>
    public const int MaxMaskedLength = 64;

    /// <summary>Longest personal-data field (ID number, name, phone) inside the encrypted part.</summary>
    public const int MaxPiiFieldLength = 128;

    /// <summary>Heaviest parcel, in grams (one tonne).</summary>
    public const int MaxWeightGrams = 1_000_000;

    /// <summary>Checks the parcel details entered by the courier.</summary>
    public static Failure<ParcelError>? Check(ParcelDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return CheckWaybill(details.WaybillNumber)
            ?? CheckCategory(details.ItemCategory)
            ?? CheckText(details.ItemDescription, "ItemDescription", MaxDescriptionLength, required: false)
            ?? CheckWeight(details.WeightGrams)
            ?? CheckRegion(details.OriginRegion, "OriginRegion")
            ?? CheckRegion(details.DestinationRegion, "DestinationRegion");
    }

    /// <summary>Checks a whole parcel record, including its masked display fields against its personal data.</summary>
    public static Failure<ParcelError>? Check(ParcelRecord parcel)
    {
        ArgumentNullException.ThrowIfNull(parcel);
        return CheckWaybill(parcel.WaybillNumber)
            ?? CheckCategory(parcel.ItemCategory)
            ?? CheckText(parcel.ItemDescription, "ItemDescription", MaxDescriptionLength, required: false)
            ?? CheckWeight(parcel.WeightGrams)
            ?? CheckRegion(parcel.OriginRegion, "OriginRegion")
            ?? CheckRegion(parcel.DestinationRegion, "DestinationRegion")
            ?? CheckText(parcel.SenderToken, "SenderToken", MaxIdentifierLength, required: true)
            ?? CheckText(parcel.CourierId, "CourierId", MaxIdentifierLength, required: true)
            ?? CheckText(parcel.DeviceId, "DeviceId", MaxIdentifierLength, required: true)
            ?? CheckText(parcel.Verification.VerifierId, "VerifierId", MaxIdentifierLength, required: false)
            ?? CheckText(parcel.Verification.Method, "Method", MaxIdentifierLength, required: false)
            ?? CheckText(parcel.SenderNameMasked, "SenderNameMasked", MaxMaskedLength, required: true)
            ?? CheckText(parcel.SenderPhoneMasked, "SenderPhoneMasked", MaxMaskedLength, required: false)
            ?? CheckPii(parcel.SenderPii)
            ?? CheckMasking(parcel);
    }

    private static Failure<ParcelError>? CheckWaybill(string? waybill)
    {
        var parsed = WaybillNumber.Parse(waybill);
        return parsed.IsSuccess ? null : new Failure<ParcelError>(ParcelError.BadWaybill, parsed.Error.Message);
    }

    private static Failure<ParcelError>? CheckRegion(string? region, string field)
    {
        var parsed = RegionCode.Parse(region);
        return parsed.IsSuccess ? null : new Failure<ParcelError>(ParcelError.BadRegion, $"{field}: {parsed.Error.Message}");
    }

    private static Failure<ParcelError>? CheckCategory(string? category)
    {
        if (CheckText(category, "ItemCategory", MaxCategoryLength, required: true) is { } failure)
        {
            return failure;
        }

        foreach (var c in category!)
        {
            if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return new Failure<ParcelError>(ParcelError.BadField, "ItemCategory holds only A–Z, 0–9 and '-'.");
            }
        }

        return null;
    }

    private static Failure<ParcelError>? CheckWeight(int grams) =>
        grams is > 0 and <= MaxWeightGrams
            ? null
            : new Failure<ParcelError>(ParcelError.BadWeight, $"The weight must be between 1 and {MaxWeightGrams} grams.");

    private static Failure<ParcelError>? CheckPii(SenderPii? pii) =>
        pii is null
            ? null
            : CheckText(pii.IdNumber, "IdNumber", MaxPiiFieldLength, required: true)
              ?? CheckText(pii.FullName, "FullName", MaxPiiFieldLength, required: true)
              ?? CheckText(pii.Phone, "Phone", MaxPiiFieldLength, required: false);

    private static Failure<ParcelError>? CheckMasking(ParcelRecord parcel)
    {
        // With the personal data at hand the display fields must be exactly the masked forms;
        // without it they must at least carry the mask character.
        if (parcel.SenderPii is { } pii)
        {
            if (!string.Equals(parcel.SenderNameMasked, PiiMask.Name(pii.FullName), StringComparison.Ordinal))
            {
                return new Failure<ParcelError>(ParcelError.Unmasked, "SenderNameMasked is not the masked sender name.");
            }

            if (parcel.SenderPhoneMasked is not null && !string.Equals(parcel.SenderPhoneMasked, PiiMask.Phone(pii.Phone), StringComparison.Ordinal))
            {
                return new Failure<ParcelError>(ParcelError.Unmasked, "SenderPhoneMasked is not the masked sender phone.");
            }
        }

        return null;
    }

    private static Failure<ParcelError>? CheckText(string? value, string field, int maxLength, bool required)
    {
        if (string.IsNullOrEmpty(value))
        {
            return required ? new Failure<ParcelError>(ParcelError.MissingField, $"{field} is required.") : null;
        }

        if (value.Length > maxLength)
        {
            return new Failure<ParcelError>(ParcelError.FieldTooLong, $"{field} is longer than {maxLength} characters.");
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                return new Failure<ParcelError>(ParcelError.BadField, $"{field} holds control or broken characters.");
            }
        }

        return null;
    }
}
