using System.Globalization;

namespace Infra.GitOps.Loading.Yaml;

/// <summary>
/// Resolves plain scalars with the YAML 1.2 core schema (null, booleans, integers in decimal/octal/hex, floats,
/// infinities and NaN) by hand: no regular expression per scalar, since every value of every file passes here.
/// </summary>
internal static class ScalarResolver
{
    public static YamlScalarType Resolve(string text, out double number)
    {
        number = 0;
        if (text.Length == 0)
        {
            return YamlScalarType.Null;
        }

        switch (text[0])
        {
            case '~':
                return text.Length == 1 ? YamlScalarType.Null : YamlScalarType.String;
            case 'n' or 'N':
                return text is "null" or "Null" or "NULL" ? YamlScalarType.Null : YamlScalarType.String;
            case 't' or 'T' or 'f' or 'F':
                return text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
                    ? YamlScalarType.Boolean
                    : YamlScalarType.String;
            case '.':
                return ResolveDotted(text, 0, ref number);
            case '-' or '+' or (>= '0' and <= '9'):
                return ResolveNumber(text, ref number);
            default:
                return YamlScalarType.String;
        }
    }

    private static YamlScalarType ResolveNumber(string text, ref double number)
    {
        var start = text[0] is '-' or '+' ? 1 : 0;
        if (start == text.Length)
        {
            return YamlScalarType.String;
        }

        if (start == 0 && text.Length > 2 && text[0] == '0' && (text[1] == 'o' || text[1] == 'x'))
        {
            return ResolvePrefixed(text, ref number);
        }

        if (text[start] == '.')
        {
            return ResolveDotted(text, start, ref number);
        }

        // [-+]? digits ( . digits* )? ( [eE] [-+]? digits )?
        var i = start;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == start)
        {
            return YamlScalarType.String;
        }

        var isInteger = true;
        if (i < text.Length && text[i] == '.')
        {
            isInteger = false;
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            isInteger = false;
            if (!ScanExponent(text, ref i))
            {
                return YamlScalarType.String;
            }
        }

        if (i != text.Length)
        {
            return YamlScalarType.String;
        }

        number = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return isInteger ? YamlScalarType.Integer : YamlScalarType.Float;
    }

    private static bool ScanExponent(string text, ref int i)
    {
        i++;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            i++;
        }

        var digits = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i > digits;
    }

    private static YamlScalarType ResolveDotted(string text, int dot, ref double number)
    {
        var rest = text.AsSpan(dot);
        var negative = dot > 0 && text[0] == '-';
        if (rest is ".inf" or ".Inf" or ".INF")
        {
            number = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return YamlScalarType.Float;
        }

        if (dot == 0 && rest is ".nan" or ".NaN" or ".NAN")
        {
            number = double.NaN;
            return YamlScalarType.Float;
        }

        // . digits+ ( [eE] [-+]? digits )?
        var i = dot + 1;
        var digits = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == digits)
        {
            return YamlScalarType.String;
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E') && !ScanExponent(text, ref i))
        {
            return YamlScalarType.String;
        }

        if (i != text.Length)
        {
            return YamlScalarType.String;
        }

        number = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return YamlScalarType.Float;
    }

    private static YamlScalarType ResolvePrefixed(string text, ref double number)
    {
        var hex = text[1] == 'x';
        double value = 0;
        for (var i = 2; i < text.Length; i++)
        {
            var c = text[i];
            int digit;
            if (hex)
            {
                if (!char.IsAsciiHexDigit(c))
                {
                    return YamlScalarType.String;
                }

                digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
            }
            else
            {
                if (c is < '0' or > '7')
                {
                    return YamlScalarType.String;
                }

                digit = c - '0';
            }

            value = (value * (hex ? 16 : 8)) + digit;
        }

        number = value;
        return YamlScalarType.Integer;
    }
}
