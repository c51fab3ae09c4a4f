namespace Infra.GitOps.Loading.Schema;

/// <summary>String formats checked by hand (no regular expression per value) and their JSON Schema patterns.</summary>
internal static class Formats
{
    public const int MaxNameLength = 63;

    public const string NamePattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    public const string CidrPattern = "^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}/(3[0-2]|[12]?[0-9])$";

    public const string TypeTokenPattern = "^[^:\\s]+:[^:\\s]+:[^:\\s]+$";

    public const string PortRangePattern = "^[0-9]{1,5}(-[0-9]{1,5})?$";

    public const string NonEmptyPattern = "\\S";

    /// <summary>A string holding an expression.</summary>
    public const string ExpressionPattern = "\\$\\{";

    /// <summary>A string that is exactly one expression.</summary>
    public const string SingleExpressionPattern = "^\\$\\{[^}]+\\}$";

    /// <summary><c>[a-z0-9]([-a-z0-9]*[a-z0-9])?</c>, at most 63 characters (a DNS label, as in Kubernetes).</summary>
    public static bool IsName(string text)
    {
        if (text.Length is 0 or > MaxNameLength || text[0] == '-' || text[^1] == '-')
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>package:module:Type</c>: three non-empty parts without whitespace.</summary>
    public static bool IsTypeToken(string text)
    {
        var parts = 1;
        var partLength = 0;
        foreach (var c in text)
        {
            if (c == ':')
            {
                if (partLength == 0)
                {
                    return false;
                }

                parts++;
                partLength = 0;
            }
            else if (char.IsWhiteSpace(c))
            {
                return false;
            }
            else
            {
                partLength++;
            }
        }

        return parts == 3 && partLength > 0;
    }

    /// <summary><c>a-b</c> (or a single port) with 1 &lt;= a &lt;= b &lt;= 65535.</summary>
    public static bool IsPortRange(string text)
    {
        var dash = text.IndexOf('-');
        if (dash < 0)
        {
            return TryPort(text, out _);
        }

        return TryPort(text[..dash], out var low) && TryPort(text[(dash + 1)..], out var high) && low <= high;
    }

    private static bool TryPort(string text, out int port)
    {
        port = 0;
        if (text.Length is 0 or > 5)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            port = (port * 10) + (c - '0');
        }

        return port is >= 1 and <= 65535;
    }
}
