namespace EId.Postal.Parcels;

/// <summary>Why a parcel was not accepted into the ledger.</summary>
public enum ParcelError
{
    /// <summary>The waybill number is malformed (see <see cref="Waybills.WaybillError"/>).</summary>
    BadWaybill = 1,

    /// <summary>The origin or destination is not a valid GB/T 2260 code.</summary>
    BadRegion = 2,

    /// <summary>A required field is missing.</summary>
    MissingField = 3,

    /// <summary>A field is longer than allowed.</summary>
    FieldTooLong = 4,

    /// <summary>A field holds characters that are not allowed (control characters, bad category code).</summary>
    BadField = 5,

    /// <summary>The weight is zero, negative or beyond the limit.</summary>
    BadWeight = 6,

    /// <summary>A display field reveals more of the sender than the masking rules allow.</summary>
    Unmasked = 7,

    /// <summary>The waybill number is already in the ledger.</summary>
    DuplicateWaybill = 8,

    /// <summary>The item policy refused the item.</summary>
    ItemProhibited = 9,

    /// <summary>The sender was not verified.</summary>
    SenderNotVerified = 10,
}
