namespace Switchboard.Server.Configuration;

/// <summary>How the console log is written.</summary>
public sealed class LoggingOptions
{
    public const string Text = "text";
    public const string Json = "json";

    public static readonly string[] Formats = [Text, Json];

    /// <summary><c>text</c> (the default, for people) or <c>json</c> (one object per line, for log collectors).</summary>
    public string Format { get; set; } = Text;

    public bool IsJson => string.Equals(Format, Json, StringComparison.OrdinalIgnoreCase);
}
