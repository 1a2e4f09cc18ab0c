namespace HtapRouter.Router.Configuration;

/// <summary>A configuration provider that can say where one of its keys was written, for messages about its value.</summary>
internal interface ISettingOrigins
{
    /// <summary>Such as "--port", "environment variable HTAP_Router__Port" or "port at pgpool.conf:5"; null if the key is not this provider's.</summary>
    string? DescribeOrigin(string key);
}
