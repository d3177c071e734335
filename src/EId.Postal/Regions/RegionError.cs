namespace EId.Postal.Regions;

/// <summary>Why a GB/T 2260 region code was rejected.</summary>
public enum RegionError
{
    /// <summary>No text was given.</summary>
    Empty = 1,

    /// <summary>The code is not six ASCII digits.</summary>
    BadShape = 2,

    /// <summary>The first two digits name no province-level division.</summary>
    UnknownProvince = 3,

    /// <summary>A county part is given without a city part (<c>xx00yy</c>).</summary>
    BadHierarchy = 4,
}
