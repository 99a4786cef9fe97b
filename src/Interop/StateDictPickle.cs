using System.Buffers.Binary;
using System.Text;
using TorchAe.IO;

namespace TorchAe.Interop;

/// <summary>The pickle of a <c>torch.save</c>d state_dict (<c>data.pkl</c>), read by a restricted unpickler of TorchAe's
/// own, in the spirit of <c>torch.load(weights_only=True)</c>: nothing in the file runs. Only the opcodes that build
/// plain values (integers, floats, strings, tuples, lists, dicts, booleans, None, the memo) are read, and only these
/// globals may be named and called: <c>collections.OrderedDict</c> (with no arguments),
/// <c>torch._utils._rebuild_tensor_v2</c>, <c>torch._utils._rebuild_parameter</c> and the <c>torch.*Storage</c> types (in
/// persistent ids). Any other global — <c>os.system</c>, <c>builtins.eval</c>, … — or opcode is refused with its byte
/// offset. The result describes the tensors (storage key, dtype, offset, size, stride); making them is
/// <see cref="PtFile"/>'s job, after it has checked them against the storages in the archive.</summary>
static class StateDictPickle
{
    /// <summary>A storage named by a persistent id: <c>('storage', torch.FloatStorage, key, location, numel)</c>.</summary>
    public sealed record Storage(string Key, string Type, long Count);

    /// <summary>A tensor as <c>_rebuild_tensor_v2(storage, offset, size, stride, …)</c> describes it.</summary>
    public sealed record TensorSpec(Storage Storage, long Offset, long[] Size, long[] Stride);

    /// <summary>The storage types a persistent id may name, with their element size in bytes.</summary>
    public static readonly IReadOnlyDictionary<string, int> StorageTypes = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["FloatStorage"] = 4, ["DoubleStorage"] = 8, ["HalfStorage"] = 2, ["BFloat16Storage"] = 2, ["LongStorage"] = 8,
        ["IntStorage"] = 4, ["ShortStorage"] = 2, ["CharStorage"] = 1, ["ByteStorage"] = 1, ["BoolStorage"] = 1,
    };

    const int MaxDepth = 64, MaxMemo = 1 << 20, MaxItems = 1 << 20;

    sealed record Global(string Module, string Name)
    {
        public override string ToString() => $"{Module}.{Name}";
    }

    sealed class Mark;

    sealed class OrderedDict : List<KeyValuePair<object?, object?>>;

    /// <summary>Entries by name, in the file's order; <paramref name="source"/> names the pickle in messages.</summary>
    public static List<KeyValuePair<string, TensorSpec>> Read(byte[] pickle, string source)
    {
        var stack = new List<object?>();
        var marks = new Stack<int>();
        var memo = new Dictionary<long, object?>();
        int at = 0, position = 0;
        DataFormatException Refuse(string problem) => new(source, $"byte {at}: {problem}");
        ReadOnlySpan<byte> Take(long count)
        {
            if (count < 0 || count > pickle.Length - position) throw Refuse($"truncated: {count} bytes promised, {pickle.Length - position} left");
            var span = pickle.AsSpan(position, (int)count);
            position += (int)count;
            return span;
        }
        object? Pop() => stack.Count > marks.Count && (marks.Count == 0 || stack.Count > marks.Peek()) ? PopAny() : throw Refuse("the stack is empty");
        object? PopAny() { var top = stack[^1]; stack.RemoveAt(stack.Count - 1); return top; }
        List<object?> PopToMark()
        {
            if (marks.Count == 0) throw Refuse("no mark to pop to");
            int mark = marks.Pop();
            var items = stack.GetRange(mark, stack.Count - mark);
            stack.RemoveRange(mark, stack.Count - mark);
            return items;
        }
        void Push(object? value)
        {
            if (stack.Count >= MaxItems) throw Refuse($"more than {MaxItems} values on the stack");
            stack.Add(value);
        }
        void Remember(long index)
        {
            if (index < 0 || memo.Count >= MaxMemo) throw Refuse($"memo index {index} not allowed");
            memo[index] = stack.Count > 0 ? stack[^1] : throw Refuse("nothing to remember");
        }
        object? Recall(long index) => memo.TryGetValue(index, out var value) ? value : throw Refuse($"memo index {index} was never stored");
        string Utf8(ReadOnlySpan<byte> bytes)
        {
            try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
            catch (DecoderFallbackException) { throw Refuse("a string is not UTF-8"); }
        }

        while (true)
        {
            if (position >= pickle.Length) throw Refuse("truncated: the pickle ends without STOP");
            at = position;
            byte op = pickle[position++];
            switch (op)
            {
                case 0x80: Take(1); break;                                           // PROTO
                case 0x95: Take(8); break;                                           // FRAME
                case (byte)'.':                                                      // STOP
                    if (stack.Count != 1 || marks.Count != 0) throw Refuse($"STOP with {stack.Count} values on the stack, expected the state_dict alone");
                    if (position != pickle.Length) throw Refuse($"{pickle.Length - position} bytes after STOP");
                    return Entries(stack[0], Refuse);
                case (byte)'(': marks.Push(stack.Count); if (marks.Count > MaxDepth) throw Refuse($"marks nested deeper than {MaxDepth}"); break;
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break;                                        // NEWTRUE
                case 0x89: Push(false); break;                                       // NEWFALSE
                case (byte)'K': Push((long)Take(1)[0]); break;                       // BININT1
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;
                case 0x8a:                                                           // LONG1
                {
                    var bytes = Take(Take(1)[0]);
                    if (bytes.Length > 8) throw Refuse($"an integer of {bytes.Length} bytes (at most 8)");
                    long value = 0;
                    for (int i = bytes.Length - 1; i >= 0; i--) value = value << 8 | bytes[i];
                    if (bytes.Length is > 0 and < 8 && (bytes[^1] & 0x80) != 0) value -= 1L << (8 * bytes.Length);
                    Push(value);
                    break;
                }
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;   // BINFLOAT
                case (byte)'X': Push(Utf8(Take(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))))); break;  // BINUNICODE
                case 0x8c: Push(Utf8(Take(Take(1)[0]))); break;                      // SHORT_BINUNICODE
                case (byte)'U': Push(Encoding.Latin1.GetString(Take(Take(1)[0]))); break;  // SHORT_BINSTRING
                case (byte)'T': Push(Encoding.Latin1.GetString(Take(BinaryPrimitives.ReadInt32LittleEndian(Take(4))))); break;  // BINSTRING
                case (byte)')': Push(Array.Empty<object?>()); break;                 // EMPTY_TUPLE
                case (byte)'t': Push(PopToMark().ToArray()); break;                  // TUPLE
                case 0x85: Push(new[] { Pop() }); break;                             // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); Push(new[] { a, b }); break; }
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new[] { a, b, c }); break; }
                case (byte)']': Push(new List<object?>()); break;                    // EMPTY_LIST
                case (byte)'l': Push(PopToMark()); break;                            // LIST
                case (byte)'a': { var item = Pop(); (Peek() as List<object?> ?? throw Refuse("APPEND to something not a list")).Add(item); break; }
                case (byte)'e': { var items = PopToMark(); (Peek() as List<object?> ?? throw Refuse("APPENDS to something not a list")).AddRange(items); break; }
                case (byte)'}': Push(new OrderedDict()); break;                      // EMPTY_DICT
                case (byte)'d': Push(Pairs(PopToMark(), Refuse)); break;             // DICT
                case (byte)'s': { var value = Pop(); var key = Pop(); Dict(Peek(), Refuse).Add(new(key, value)); break; }
                case (byte)'u': { var items = PopToMark(); Dict(Peek(), Refuse).AddRange(Pairs(items, Refuse)); break; }
                case (byte)'q': Remember(Take(1)[0]); break;                         // BINPUT
                case (byte)'r': Remember(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))); break;
                case 0x94: Remember(memo.Count); break;                              // MEMOIZE
                case (byte)'h': Push(Recall(Take(1)[0])); break;                     // BINGET
                case (byte)'j': Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break;
                case (byte)'c':                                                      // GLOBAL "module\nname\n"
                {
                    var module = Line(pickle, ref position, Refuse);
                    var name = Line(pickle, ref position, Refuse);
                    Push(Allowed(module, name, Refuse));
                    break;
                }
                case 0x93:                                                           // STACK_GLOBAL
                {
                    var name = Pop() as string ?? throw Refuse("STACK_GLOBAL needs two strings");
                    var module = Pop() as string ?? throw Refuse("STACK_GLOBAL needs two strings");
                    Push(Allowed(module, name, Refuse));
                    break;
                }
                case (byte)'Q': Push(Persistent(Pop(), Refuse)); break;              // BINPERSID
                case (byte)'R':                                                      // REDUCE
                {
                    var args = Pop() as object?[] ?? throw Refuse("REDUCE needs a tuple of arguments");
                    var callable = Pop() as Global ?? throw Refuse("REDUCE calls something that is not an allowed global");
                    Push(Call(callable, args, Refuse));
                    break;
                }
                case (byte)'b':                                                      // BUILD: only an OrderedDict's __dict__ (its _metadata), which is dropped
                {
                    var state = Pop();
                    if (Peek() is not OrderedDict || state is not (OrderedDict or null))
                        throw Refuse("BUILD is allowed only to set a state_dict's _metadata");
                    break;
                }
                case (byte)'0': Pop(); break;                                        // POP
                case (byte)'1': PopToMark(); break;                                  // POP_MARK
                case (byte)'2': Push(Peek()); break;                                 // DUP
                default:
                    throw Refuse($"opcode 0x{op:X2} is not allowed in a state_dict (only plain values, the memo and the allowed globals)");
            }
        }

        object? Peek() => stack.Count > 0 && (marks.Count == 0 || stack.Count > marks.Peek()) ? stack[^1] : throw Refuse("the stack is empty");
    }

    static string Line(byte[] pickle, ref int position, Func<string, DataFormatException> refuse)
    {
        int end = Array.IndexOf(pickle, (byte)'\n', position, Math.Min(256, pickle.Length - position));
        if (end < 0) throw refuse("GLOBAL without a newline-terminated name (at most 256 bytes)");
        var text = Encoding.ASCII.GetString(pickle, position, end - position);
        position = end + 1;
        return text;
    }

    static Global Allowed(string module, string name, Func<string, DataFormatException> refuse) => (module, name) switch
    {
        ("collections", "OrderedDict") => new(module, name),
        ("torch._utils", "_rebuild_tensor_v2" or "_rebuild_parameter") => new(module, name),
        ("torch", _) when StorageTypes.ContainsKey(name) => new(module, name),
        _ => throw refuse($"the pickle names the global {MessageText.OneLine(module)}.{MessageText.OneLine(name)}, which a state_dict never needs; nothing in a file is run (allowed: collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter, torch.*Storage)"),
    };

    static Storage Persistent(object? id, Func<string, DataFormatException> refuse) =>
        id is object?[] { Length: 5 } t && t[0] is "storage" && t[1] is Global { Module: "torch" } type && t[2] is string key && t[3] is string
        && t[4] is long count && count >= 0
            ? new Storage(key, type.Name, count)
            : throw refuse("a persistent id must be ('storage', torch.<Type>Storage, key, location, element count >= 0)");

    static object Call(Global callable, object?[] args, Func<string, DataFormatException> refuse)
    {
        switch (callable.Name)
        {
            case "OrderedDict" when args.Length == 0:
                return new OrderedDict();
            case "OrderedDict" when args is [IEnumerable<object?> items]:                 // OrderedDict(iterable of pairs), as PyBridge writes it
            {
                var dict = new OrderedDict();
                foreach (var item in items)
                    dict.Add(item is object?[] { Length: 2 } pair ? new(pair[0], pair[1]) : throw refuse("OrderedDict(…) of something that is not (key, value) pairs"));
                return dict;
            }
            case "_rebuild_tensor_v2" when args.Length is 6 or 7 && args[0] is Storage storage && args[1] is long offset
                                          && args[2] is object?[] size && args[3] is object?[] stride && args[4] is bool:
                return new TensorSpec(storage, offset, Longs(size, "size", refuse), Longs(stride, "stride", refuse));
            case "_rebuild_parameter" when args.Length == 3 && args[0] is TensorSpec tensor && args[1] is bool:
                return tensor;
            default:
                throw refuse($"{callable}({args.Length} arguments) is not a call a state_dict makes");
        }
    }

    static long[] Longs(object?[] values, string what, Func<string, DataFormatException> refuse) =>
        values.Length <= 8 ? values.Select(v => v is long n ? n : throw refuse($"the tensor's {what} holds a value that is not an integer")).ToArray()
            : throw refuse($"the tensor's {what} has {values.Length} dimensions (at most 8)");

    static List<KeyValuePair<object?, object?>> Dict(object? target, Func<string, DataFormatException> refuse) =>
        target as OrderedDict ?? throw refuse("SETITEM(S) on something that is not a dict");

    static OrderedDict Pairs(List<object?> items, Func<string, DataFormatException> refuse)
    {
        if (items.Count % 2 != 0) throw refuse("a dict with an odd number of keys and values");
        var dict = new OrderedDict();
        for (int i = 0; i < items.Count; i += 2) dict.Add(new(items[i], items[i + 1]));
        return dict;
    }

    static List<KeyValuePair<string, TensorSpec>> Entries(object? root, Func<string, DataFormatException> refuse)
    {
        var dict = root as OrderedDict ?? throw refuse("the pickle holds no dict of tensors (a state_dict)");
        var result = new List<KeyValuePair<string, TensorSpec>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in dict)
        {
            var name = key as string ?? throw refuse("a state_dict key is not a string");
            if (!seen.Add(name)) throw refuse($"the key '{MessageText.OneLine(name)}' appears twice");
            result.Add(new(name, value as TensorSpec ?? throw refuse($"'{MessageText.OneLine(name)}' is not a tensor; a state_dict maps names to tensors only (a training checkpoint's dict? save its model's state_dict() alone)")));
        }
        return result;
    }
}
