using System.Diagnostics.CodeAnalysis;

namespace HtapRouter.PgWire.Types;

/// <summary>
/// OIDs of PostgreSQL's built-in types (pg_type.oid). The values were read from a PostgreSQL 15
/// catalog; they are fixed across releases because clients hard-code them.
/// </summary>
[SuppressMessage("Naming", "CA1720", Justification = "The names are PostgreSQL's type names (char, int8).")]
public static class PgTypeOid
{
    // Scalar types.
    public const uint Bool = 16;
    public const uint Bytea = 17;
    public const uint Char = 18;
    public const uint Name = 19;
    public const uint Int8 = 20;
    public const uint Int2 = 21;
    public const uint Int2Vector = 22;
    public const uint Int4 = 23;
    public const uint RegProc = 24;
    public const uint Text = 25;
    public const uint Oid = 26;
    public const uint Xid = 28;
    public const uint OidVector = 30;
    public const uint Json = 114;
    public const uint Xml = 142;
    public const uint Cidr = 650;
    public const uint Float4 = 700;
    public const uint Float8 = 701;
    public const uint Unknown = 705;
    public const uint Money = 790;
    public const uint MacAddr = 829;
    public const uint Inet = 869;
    public const uint AclItem = 1033;
    public const uint BpChar = 1042;
    public const uint Varchar = 1043;
    public const uint Date = 1082;
    public const uint Time = 1083;
    public const uint Timestamp = 1114;
    public const uint TimestampTz = 1184;
    public const uint Interval = 1186;
    public const uint TimeTz = 1266;
    public const uint Bit = 1560;
    public const uint VarBit = 1562;
    public const uint Numeric = 1700;
    public const uint RegClass = 2205;
    public const uint RegType = 2206;
    public const uint Record = 2249;
    public const uint CString = 2275;
    public const uint Void = 2278;
    public const uint Uuid = 2950;
    public const uint PgLsn = 3220;
    public const uint Jsonb = 3802;
    public const uint RegNamespace = 4089;

    // Array types: pg_type.typarray of the scalar types above.
    public const uint XmlArray = 143;
    public const uint JsonArray = 199;
    public const uint CidrArray = 651;
    public const uint MoneyArray = 791;
    public const uint BoolArray = 1000;
    public const uint ByteaArray = 1001;
    public const uint CharArray = 1002;
    public const uint NameArray = 1003;
    public const uint Int2Array = 1005;
    public const uint Int2VectorArray = 1006;
    public const uint Int4Array = 1007;
    public const uint RegProcArray = 1008;
    public const uint TextArray = 1009;
    public const uint XidArray = 1011;
    public const uint OidVectorArray = 1013;
    public const uint BpCharArray = 1014;
    public const uint VarcharArray = 1015;
    public const uint Int8Array = 1016;
    public const uint Float4Array = 1021;
    public const uint Float8Array = 1022;
    public const uint OidArray = 1028;
    public const uint AclItemArray = 1034;
    public const uint MacAddrArray = 1040;
    public const uint InetArray = 1041;
    public const uint TimestampArray = 1115;
    public const uint DateArray = 1182;
    public const uint TimeArray = 1183;
    public const uint TimestampTzArray = 1185;
    public const uint IntervalArray = 1187;
    public const uint NumericArray = 1231;
    public const uint CStringArray = 1263;
    public const uint TimeTzArray = 1270;
    public const uint BitArray = 1561;
    public const uint VarBitArray = 1563;
    public const uint RegClassArray = 2210;
    public const uint RegTypeArray = 2211;
    public const uint RecordArray = 2287;
    public const uint UuidArray = 2951;
    public const uint PgLsnArray = 3221;
    public const uint JsonbArray = 3807;
    public const uint RegNamespaceArray = 4090;
}
