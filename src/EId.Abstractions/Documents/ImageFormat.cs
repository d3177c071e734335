namespace EId.Documents;

/// <summary>Encoding of a portrait or face image carried by a document or credential.</summary>
public enum ImageFormat
{
    /// <summary>Unknown encoding.</summary>
    Unknown = 0,

    /// <summary>JPEG.</summary>
    Jpeg = 1,

    /// <summary>PNG.</summary>
    Png = 2,

    /// <summary>WebP.</summary>
    WebP = 3,

    /// <summary>JPEG 2000 (ICAO eMRTD DG2).</summary>
    Jpeg2000 = 4,

    /// <summary>GA 467 "WLT" compressed photo; needs a licensed decoder (<c>IPortraitDecoder</c>).</summary>
    Wlt = 5,
}
