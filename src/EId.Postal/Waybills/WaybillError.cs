namespace EId.Postal.Waybills;

/// <summary>Why a waybill number was rejected.</summary>
public enum WaybillError
{
    /// <summary>No text was given.</summary>
    Empty = 1,

    /// <summary>The number does not have exactly <see cref="WaybillNumber.Length"/> characters.</summary>
    BadLength = 2,

    /// <summary>The first two characters are not upper-case ASCII letters (the carrier prefix).</summary>
    BadCarrierPrefix = 3,

    /// <summary>A character after the prefix is not an ASCII digit.</summary>
    BadCharacter = 4,

    /// <summary>The last digit does not match the Luhn check digit of the serial.</summary>
    BadCheckDigit = 5,
}
