namespace EId.Documents.IdCards;

/// <summary>Why the data inside a well-formed GA 467 response is unusable.</summary>
public enum IdCardDataError
{
    /// <summary>The base-information lengths do not add up, or the text block is not 256 bytes.</summary>
    BadLength = 1,

    /// <summary>The text block is not valid UTF-16LE text.</summary>
    BadText = 2,

    /// <summary>The card-type marker names a layout this library does not read.</summary>
    UnsupportedCardType = 3,

    /// <summary>A field's content is invalid (bad ID number, date, code, or fields that contradict each other).</summary>
    BadField = 4,
}
