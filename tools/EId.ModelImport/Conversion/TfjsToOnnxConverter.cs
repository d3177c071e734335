using EId.ModelImport.Onnx;
using EId.ModelImport.Tfjs;

namespace EId.ModelImport.Conversion;

/// <summary>
/// Converts a TF.js graph model to ONNX (default opset <see cref="Opset"/>). Tensors stay NHWC
/// everywhere, as in TensorFlow, so the model boundary and every Reshape see TensorFlow's layout;
/// convolutions and pools are wrapped in NHWC→NCHW→NHWC transposes, which ONNX Runtime's
/// transpose optimiser cancels between adjacent layers.
/// </summary>
public sealed class TfjsToOnnxConverter
{
    /// <summary>The ONNX opset the converter writes.</summary>
    public const int Opset = 17;

    private static readonly long[] ToNchw = [0, 3, 1, 2];
    private static readonly long[] ToNhwc = [0, 2, 3, 1];

    /// <summary>The TensorFlow ops the converter handles.</summary>
    public static readonly IReadOnlySet<string> SupportedOps = new HashSet<string>(StringComparer.Ordinal)
    {
        "Const", "Placeholder", "Identity", "Conv2D", "_FusedConv2D", "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative",
        "MatMul", "_FusedMatMul", "BiasAdd", "Add", "AddV2", "Sub", "Mul", "RealDiv", "Div", "Maximum", "Minimum", "Abs", "Neg",
        "Exp", "Log", "Sqrt", "Rsqrt", "Square", "Relu", "Relu6", "Elu", "Sigmoid", "Tanh", "LeakyRelu", "Prelu", "Softmax",
        "MaxPool", "AvgPool", "Pad", "PadV2", "Reshape", "Squeeze", "ConcatV2", "Transpose", "Mean", "Sum", "Max", "Min", "Prod",
    };

    private readonly TfjsGraphModel _model;
    private readonly Dictionary<string, TfjsNode> _byName;
    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly HashSet<string> _initializerNames = new(StringComparer.Ordinal);
    private readonly List<OnnxValueInfo> _inputs = [];

    private readonly string _sameAutoPad;

    private TfjsToOnnxConverter(TfjsGraphModel model, string sameAutoPad)
    {
        _model = model;
        _sameAutoPad = sameAutoPad;
        _byName = model.Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
    }

    /// <summary>Converts <paramref name="model"/>; <paramref name="metadata"/> is stored in the ONNX metadata_props.</summary>
    public static Result<OnnxModel, Failure<ImportError>> Convert(TfjsGraphModel model, string graphName, IReadOnlyDictionary<string, string>? metadata = null) =>
        Convert(model, graphName, metadata, "SAME_UPPER");

    /// <summary>
    /// Converts with a chosen auto_pad for TF "SAME" padding. TensorFlow puts the odd extra pixel at
    /// the bottom/right, which is ONNX SAME_UPPER; tests pass SAME_LOWER to prove the fidelity tests catch it.
    /// </summary>
    internal static Result<OnnxModel, Failure<ImportError>> Convert(TfjsGraphModel model, string graphName, IReadOnlyDictionary<string, string>? metadata, string sameAutoPad)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new TfjsToOnnxConverter(model, sameAutoPad).Run(graphName, metadata ?? new Dictionary<string, string>());
    }

    private Result<OnnxModel, Failure<ImportError>> Run(string graphName, IReadOnlyDictionary<string, string> metadata)
    {
        var outputs = FindOutputs();
        if (outputs.Count == 0)
        {
            return Fail(ImportError.MalformedTopology, "The graph has no outputs.");
        }

        var order = TopologicalOrder(outputs);
        if (!order.TryGetValue(out var ordered, out var orderError))
        {
            return orderError;
        }

        foreach (var node in ordered)
        {
            var emitted = Emit(node);
            if (emitted is { } error)
            {
                return error;
            }
        }

        var outputInfos = outputs.Select(o => new OnnxValueInfo(o, OnnxDataType.Float, null)).ToArray();
        return new OnnxModel(graphName, _nodes, _initializers, _inputs, outputInfos, Opset, metadata);
    }

    private List<string> FindOutputs()
    {
        var fromSignature = _model.SignatureOutputs.Select(TensorName).Where(_byName.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
        if (fromSignature.Count > 0)
        {
            return fromSignature;
        }

        // No signature: the outputs are the sinks, the non-constant nodes nobody consumes.
        var consumed = new HashSet<string>(_model.Nodes.SelectMany(n => n.Inputs).Select(TensorName), StringComparer.Ordinal);
        return _model.Nodes.Where(n => n.Op is not ("Const" or "Placeholder") && !consumed.Contains(n.Name)).Select(n => n.Name).ToList();
    }

    // Iterative depth-first post-order from the outputs: the JSON's node order is not guaranteed
    // to be topological, and deep graphs must not overflow the stack.
    private Result<List<TfjsNode>, Failure<ImportError>> TopologicalOrder(List<string> outputs)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var order = new List<TfjsNode>();
        foreach (var output in outputs)
        {
            var stack = new Stack<(TfjsNode Node, int Next)>();
            if (state.ContainsKey(output))
            {
                continue;
            }

            stack.Push((_byName[output], 0));
            state[output] = 1;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < node.Inputs.Count)
                {
                    stack.Push((node, next + 1));
                    var inputName = TensorName(node.Inputs[next]);
                    if (!_byName.TryGetValue(inputName, out var input))
                    {
                        return Fail(ImportError.MissingInput, $"Node '{node.Name}' ({node.Op}) reads '{inputName}', which no node produces.");
                    }

                    if (state.TryGetValue(inputName, out var s))
                    {
                        if (s == 1)
                        {
                            return Fail(ImportError.Cycle, $"The graph has a cycle through node '{inputName}'.");
                        }

                        continue;
                    }

                    state[inputName] = 1;
                    stack.Push((input, 0));
                }
                else
                {
                    state[node.Name] = 2;
                    order.Add(node);
                }
            }
        }

        return order;
    }

    private Failure<ImportError>? Emit(TfjsNode node)
    {
        var format = node.GetString("data_format");
        if (format is not (null or "NHWC"))
        {
            return new Failure<ImportError>(ImportError.UnsupportedAttribute, $"Node '{node.Name}' ({node.Op}) has data_format '{format}'; only NHWC is converted.");
        }

        if (!SupportedOps.Contains(node.Op))
        {
            return new Failure<ImportError>(ImportError.UnsupportedOp, $"Unsupported op '{node.Op}' at node '{node.Name}'.");
        }

        var arity = node.Op switch
        {
            "Const" or "Placeholder" => 0,
            "Identity" or "Relu" or "Relu6" or "Elu" or "Sigmoid" or "Tanh" or "Softmax" or "Abs" or "Neg" or "Exp" or "Log" or "Sqrt"
                or "Rsqrt" or "Square" or "LeakyRelu" or "MaxPool" or "AvgPool" or "Squeeze" => 1,
            _ => 2,
        };
        if (node.Inputs.Count < arity)
        {
            return new Failure<ImportError>(ImportError.MalformedTopology, $"Node '{node.Name}' ({node.Op}) has {node.Inputs.Count} inputs; it needs {arity}.");
        }

        try
        {
            return node.Op switch
            {
                "Const" => null,
                "Placeholder" => Placeholder(node),
                "Identity" => Simple(node, "Identity"),
                "Conv2D" or "_FusedConv2D" => Convolution(node, depthwise: false),
                "DepthwiseConv2dNative" or "FusedDepthwiseConv2dNative" => Convolution(node, depthwise: true),
                "MatMul" or "_FusedMatMul" => MatMul(node),
                "BiasAdd" or "Add" or "AddV2" => Simple(node, "Add"),
                "Sub" => Simple(node, "Sub"),
                "Mul" => Simple(node, "Mul"),
                "RealDiv" or "Div" => Simple(node, "Div"),
                "Maximum" => Simple(node, "Max"),
                "Minimum" => Simple(node, "Min"),
                "Abs" => Simple(node, "Abs"),
                "Neg" => Simple(node, "Neg"),
                "Exp" => Simple(node, "Exp"),
                "Log" => Simple(node, "Log"),
                "Sqrt" => Simple(node, "Sqrt"),
                "Rsqrt" => Rsqrt(node),
                "Square" => Add("Mul", node.Name, [Input(node, 0), Input(node, 0)], node.Name),
                "Relu" or "Relu6" or "Elu" or "Sigmoid" or "Tanh" or "LeakyRelu" => Activation(node, node.Op, Input(node, 0), node.Name, null),
                "Prelu" => Activation(node, "Prelu", Input(node, 0), node.Name, Input(node, 1)),
                "Softmax" => Add("Softmax", node.Name, [Input(node, 0)], node.Name, OnnxAttribute.Of("axis", -1L)),
                "MaxPool" or "AvgPool" => Pool(node),
                "Pad" or "PadV2" => Pad(node),
                "Reshape" => Reshape(node),
                "Squeeze" => Squeeze(node),
                "ConcatV2" => Concat(node),
                "Transpose" => Transpose(node),
                "Mean" or "Sum" or "Max" or "Min" or "Prod" => Reduce(node),
                _ => new Failure<ImportError>(ImportError.UnsupportedOp, $"Unsupported op '{node.Op}' at node '{node.Name}'."),
            };
        }
        catch (ConversionException e)
        {
            return e.Failure;
        }
    }

    private Failure<ImportError>? Placeholder(TfjsNode node)
    {
        var shape = node.GetShape("shape");
        _inputs.Add(new OnnxValueInfo(node.Name, OnnxDataType.Float, shape?.Select(d => d < 0 ? (long?)null : d).ToArray()));
        return null;
    }

    private Failure<ImportError>? Simple(TfjsNode node, string op)
    {
        var inputs = node.Inputs.Select((_, i) => Input(node, i)).ToArray();
        return Add(op, node.Name, inputs, node.Name);
    }

    private Failure<ImportError>? Rsqrt(TfjsNode node)
    {
        var sqrt = node.Name + "/__sqrt";
        Add("Sqrt", sqrt, [Input(node, 0)], sqrt);
        return Add("Reciprocal", node.Name, [sqrt], node.Name);
    }

    private Failure<ImportError>? Convolution(TfjsNode node, bool depthwise)
    {
        var filter = ConstFloats(node, 1);
        if (filter.Shape.Length != 4)
        {
            throw Error(ImportError.MalformedTopology, node, "has a filter that is not 4-D");
        }

        var (kh, kw, ci, co) = (filter.Shape[0], filter.Shape[1], filter.Shape[2], filter.Shape[3]);
        long[] dims;
        float[] weights;
        if (depthwise)
        {
            // TF depthwise filter H×W×Cin×M; output channel c·M+m is ONNX group c, member m.
            dims = [ci * co, 1, kh, kw];
            weights = new float[filter.Floats!.Length];
            for (var h = 0; h < kh; h++)
            for (var w = 0; w < kw; w++)
            for (var c = 0; c < ci; c++)
            for (var m = 0; m < co; m++)
            {
                weights[((((c * co) + m) * kh) + h) * kw + w] = filter.Floats[(((h * kw) + w) * ci + c) * co + m];
            }
        }
        else
        {
            // TF conv filter HWIO → ONNX OIHW.
            dims = [co, ci, kh, kw];
            weights = new float[filter.Floats!.Length];
            for (var h = 0; h < kh; h++)
            for (var w = 0; w < kw; w++)
            for (var i = 0; i < ci; i++)
            for (var o = 0; o < co; o++)
            {
                weights[(((o * ci) + i) * kh + h) * kw + w] = filter.Floats[(((h * kw) + w) * ci + i) * co + o];
            }
        }

        var weightName = node.Inputs[1] + (depthwise ? "/__dw_oihw" : "/__oihw");
        AddInitializer(OnnxTensor.FromFloats(weightName, dims, weights));

        var fused = node.GetStrings("fused_ops");
        var convInputs = new List<string> { node.Name + "/__nchw_in", weightName };
        var activations = fused.ToList();
        if (activations.Count > 0 && activations[0] == "BiasAdd")
        {
            convInputs.Add(ConstInitializer(node, 2));
            activations.RemoveAt(0);
        }
        else if (activations.Count > 0)
        {
            throw Error(ImportError.UnsupportedAttribute, node, $"has fused_ops '{string.Join('+', fused)}'; only BiasAdd followed by one activation is converted");
        }

        var attributes = new List<OnnxAttribute>
        {
            OnnxAttribute.Of("kernel_shape", new[] { kh, kw }),
            OnnxAttribute.Of("strides", Spatial(node, "strides")),
            OnnxAttribute.Of("dilations", Spatial(node, "dilations")),
        };
        if (depthwise)
        {
            attributes.Add(OnnxAttribute.Of("group", ci));
        }

        attributes.AddRange(Padding(node));

        Add("Transpose", node.Name + "/__to_nchw", [Input(node, 0)], convInputs[0], OnnxAttribute.Of("perm", ToNchw));
        Add("Conv", node.Name + "/__conv", convInputs, node.Name + "/__nchw_out", attributes.ToArray());
        return FinishWithActivation(node, activations, node.Name + "/__nchw_out", transposeBack: true, preluIndex: 3);
    }

    private Failure<ImportError>? MatMul(TfjsNode node)
    {
        var a = Input(node, 0);
        if (node.GetBool("transpose_a"))
        {
            Add("Transpose", node.Name + "/__ta", [a], node.Name + "/__ta", OnnxAttribute.Of("perm", new long[] { 1, 0 }));
            a = node.Name + "/__ta";
        }

        string b;
        var transposeB = node.GetBool("transpose_b");
        if (IsConst(node.Inputs[1]) && transposeB)
        {
            var w = ConstFloats(node, 1);
            if (w.Shape.Length != 2)
            {
                throw Error(ImportError.MalformedTopology, node, "has a transposed weight that is not 2-D");
            }

            var (rows, cols) = ((int)w.Shape[0], (int)w.Shape[1]);
            var t = new float[w.Floats!.Length];
            for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
            {
                t[(c * rows) + r] = w.Floats[(r * cols) + c];
            }

            b = node.Inputs[1] + "/__t";
            AddInitializer(OnnxTensor.FromFloats(b, [cols, rows], t));
        }
        else
        {
            b = Input(node, 1);
            if (transposeB)
            {
                Add("Transpose", node.Name + "/__tb", [b], node.Name + "/__tb", OnnxAttribute.Of("perm", new long[] { 1, 0 }));
                b = node.Name + "/__tb";
            }
        }

        var fused = node.GetStrings("fused_ops").ToList();
        if (fused.Count == 0)
        {
            return Add("MatMul", node.Name, [a, b], node.Name);
        }

        if (fused[0] != "BiasAdd")
        {
            throw Error(ImportError.UnsupportedAttribute, node, $"has fused_ops '{string.Join('+', fused)}'; only BiasAdd followed by one activation is converted");
        }

        Add("MatMul", node.Name + "/__matmul", [a, b], node.Name + "/__matmul");
        Add("Add", node.Name + "/__bias", [node.Name + "/__matmul", ConstInitializer(node, 2)], node.Name + "/__bias");
        fused.RemoveAt(0);
        return FinishWithActivation(node, fused, node.Name + "/__bias", transposeBack: false, preluIndex: 3);
    }

    private Failure<ImportError>? FinishWithActivation(TfjsNode node, List<string> activations, string tensor, bool transposeBack, int preluIndex)
    {
        if (activations.Count > 1)
        {
            throw Error(ImportError.UnsupportedAttribute, node, $"has {activations.Count} fused activations; one is converted");
        }

        if (transposeBack)
        {
            var nhwc = activations.Count == 0 ? node.Name : node.Name + "/__nhwc";
            Add("Transpose", node.Name + "/__to_nhwc", [tensor], nhwc, OnnxAttribute.Of("perm", ToNhwc));
            tensor = nhwc;
        }

        if (activations.Count == 0)
        {
            return transposeBack ? null : Add("Identity", node.Name, [tensor], node.Name);
        }

        var op = activations[0];
        var alpha = op == "Prelu" ? Input(node, preluIndex) : null;
        return Activation(node, op, tensor, node.Name, alpha);
    }

    private Failure<ImportError>? Activation(TfjsNode node, string op, string input, string output, string? alpha)
    {
        switch (op)
        {
            case "Relu":
                return Add("Relu", output, [input], output);
            case "Relu6":
                return Add("Clip", output, [input, Scalar(0f), Scalar(6f)], output);
            case "Elu":
                return Add("Elu", output, [input], output);
            case "Sigmoid":
                return Add("Sigmoid", output, [input], output);
            case "Tanh":
                return Add("Tanh", output, [input], output);
            case "LeakyRelu":
                return Add("LeakyRelu", output, [input], output, OnnxAttribute.Of("alpha", node.GetFloat("leakyrelu_alpha", node.GetFloat("alpha", 0.2f))));
            case "Prelu":
                return Add("PRelu", output, [input, alpha!], output);
            default:
                throw Error(ImportError.UnsupportedAttribute, node, $"has fused activation '{op}', which is not converted");
        }
    }

    private Failure<ImportError>? Pool(TfjsNode node)
    {
        var ksize = node.GetInts("ksize");
        if (ksize is not { Count: 4 })
        {
            throw Error(ImportError.MalformedTopology, node, "has no 4-element ksize");
        }

        var attributes = new List<OnnxAttribute>
        {
            OnnxAttribute.Of("kernel_shape", new[] { ksize[1], ksize[2] }),
            OnnxAttribute.Of("strides", Spatial(node, "strides")),
        };
        attributes.AddRange(Padding(node));
        Add("Transpose", node.Name + "/__to_nchw", [Input(node, 0)], node.Name + "/__nchw_in", OnnxAttribute.Of("perm", ToNchw));
        Add(node.Op == "MaxPool" ? "MaxPool" : "AveragePool", node.Name + "/__pool", [node.Name + "/__nchw_in"], node.Name + "/__nchw_out", attributes.ToArray());
        return Add("Transpose", node.Name + "/__to_nhwc", [node.Name + "/__nchw_out"], node.Name, OnnxAttribute.Of("perm", ToNhwc));
    }

    private Failure<ImportError>? Pad(TfjsNode node)
    {
        var paddings = ConstInts(node, 1);
        if (paddings.Shape.Length != 2 || paddings.Shape[1] != 2)
        {
            throw Error(ImportError.MalformedTopology, node, "has paddings that are not rank×2");
        }

        // TF [[before, after] per axis] → ONNX [all befores, all afters].
        var rank = (int)paddings.Shape[0];
        var pads = new long[rank * 2];
        for (var i = 0; i < rank; i++)
        {
            pads[i] = paddings.Ints![i * 2];
            pads[rank + i] = paddings.Ints[(i * 2) + 1];
        }

        var padsName = node.Name + "/__pads";
        AddInitializer(OnnxTensor.FromInt64(padsName, [pads.Length], pads));
        var inputs = new List<string> { Input(node, 0), padsName };
        if (node.Op == "PadV2" && node.Inputs.Count > 2)
        {
            inputs.Add(Input(node, 2));
        }

        return Add("Pad", node.Name, inputs, node.Name, OnnxAttribute.Of("mode", "constant"));
    }

    private Failure<ImportError>? Reshape(TfjsNode node)
    {
        var shape = ConstInts(node, 1);
        var shapeName = node.Name + "/__shape";
        AddInitializer(OnnxTensor.FromInt64(shapeName, [shape.Ints!.Length], shape.Ints.Select(v => (long)v).ToArray()));
        return Add("Reshape", node.Name, [Input(node, 0), shapeName], node.Name);
    }

    private Failure<ImportError>? Squeeze(TfjsNode node)
    {
        var dims = node.GetInts("squeeze_dims") ?? node.GetInts("axis") ?? [];
        if (dims.Count == 0)
        {
            return Add("Squeeze", node.Name, [Input(node, 0)], node.Name);
        }

        var axesName = node.Name + "/__axes";
        AddInitializer(OnnxTensor.FromInt64(axesName, [dims.Count], dims.ToArray()));
        return Add("Squeeze", node.Name, [Input(node, 0), axesName], node.Name);
    }

    private Failure<ImportError>? Concat(TfjsNode node)
    {
        // ConcatV2's axis is its last input.
        var axis = ConstInts(node, node.Inputs.Count - 1);
        if (axis.Ints!.Length != 1)
        {
            throw Error(ImportError.MalformedTopology, node, "has a non-scalar axis");
        }

        var inputs = Enumerable.Range(0, node.Inputs.Count - 1).Select(i => Input(node, i)).ToArray();
        return Add("Concat", node.Name, inputs, node.Name, OnnxAttribute.Of("axis", (long)axis.Ints[0]));
    }

    private Failure<ImportError>? Transpose(TfjsNode node)
    {
        var perm = ConstInts(node, 1);
        return Add("Transpose", node.Name, [Input(node, 0)], node.Name, OnnxAttribute.Of("perm", perm.Ints!.Select(v => (long)v).ToArray()));
    }

    private Failure<ImportError>? Reduce(TfjsNode node)
    {
        var axes = ConstInts(node, 1).Ints!.Select(v => (long)v).ToArray();
        var keep = node.GetBool("keep_dims") ? 1L : 0L;
        var op = node.Op switch
        {
            "Mean" => "ReduceMean",
            "Sum" => "ReduceSum",
            "Max" => "ReduceMax",
            "Min" => "ReduceMin",
            _ => "ReduceProd",
        };
        if (op == "ReduceSum")
        {
            // Opset 13+ takes ReduceSum's axes as an input; the others keep the attribute until opset 18.
            var axesName = node.Name + "/__axes";
            AddInitializer(OnnxTensor.FromInt64(axesName, [axes.Length], axes));
            return Add(op, node.Name, [Input(node, 0), axesName], node.Name, OnnxAttribute.Of("keepdims", keep));
        }

        return Add(op, node.Name, [Input(node, 0)], node.Name, OnnxAttribute.Of("axes", axes), OnnxAttribute.Of("keepdims", keep));
    }

    private OnnxAttribute[] Padding(TfjsNode node)
    {
        var padding = node.GetString("padding") ?? "VALID";
        switch (padding)
        {
            case "SAME":
                return [OnnxAttribute.Of("auto_pad", _sameAutoPad)];
            case "VALID":
                return [OnnxAttribute.Of("auto_pad", "VALID")];
            case "EXPLICIT":
                var e = node.GetInts("explicit_paddings");
                if (e is not { Count: 8 })
                {
                    throw Error(ImportError.MalformedTopology, node, "has EXPLICIT padding without 8 explicit_paddings");
                }

                // NHWC pairs: [n0,n1,h0,h1,w0,w1,c0,c1] → ONNX [h0,w0,h1,w1].
                return [OnnxAttribute.Of("pads", new[] { e[2], e[4], e[3], e[5] })];
            default:
                throw Error(ImportError.UnsupportedAttribute, node, $"has padding '{padding}'");
        }
    }

    private static long[] Spatial(TfjsNode node, string attribute)
    {
        var values = node.GetInts(attribute);
        if (values is null || values.Count == 0)
        {
            return [1, 1];
        }

        if (values.Count != 4 || values[0] != 1 || values[3] != 1)
        {
            throw Error(ImportError.UnsupportedAttribute, node, $"has {attribute} [{string.Join(',', values)}]; only [1,h,w,1] is converted");
        }

        return [values[1], values[2]];
    }

    private string Input(TfjsNode node, int index)
    {
        var name = TensorName(node.Inputs[index]);
        if (!_byName.TryGetValue(name, out var source))
        {
            throw Error(ImportError.MissingInput, node, $"reads '{name}', which no node produces");
        }

        if (source.Op == "Const")
        {
            return ConstInitializer(node, index);
        }

        return name;
    }

    private string ConstInitializer(TfjsNode node, int index)
    {
        var weight = Weight(node, index);
        if (!_initializerNames.Contains(weight.Name))
        {
            AddInitializer(weight.Floats is { } f
                ? OnnxTensor.FromFloats(weight.Name, weight.Shape, f)
                : OnnxTensor.FromInt32(weight.Name, weight.Shape, weight.Ints!));
        }

        return weight.Name;
    }

    private string Scalar(float value)
    {
        var name = FormattableString.Invariant($"__scalar_{value}");
        if (!_initializerNames.Contains(name))
        {
            AddInitializer(OnnxTensor.FromFloats(name, [], [value]));
        }

        return name;
    }

    private bool IsConst(string reference) => _byName.TryGetValue(TensorName(reference), out var n) && n.Op == "Const";

    private TfjsWeight Weight(TfjsNode node, int index)
    {
        if (index >= node.Inputs.Count)
        {
            throw Error(ImportError.MalformedTopology, node, $"has no input {index}");
        }

        var name = TensorName(node.Inputs[index]);
        if (!IsConst(name))
        {
            throw Error(ImportError.MissingInput, node, $"needs input {index} ('{name}') to be a constant");
        }

        return _model.Weights.TryGetValue(name, out var weight)
            ? weight
            : throw Error(ImportError.MissingInput, node, $"reads constant '{name}', which has no weight data");
    }

    private TfjsWeight ConstFloats(TfjsNode node, int index)
    {
        var w = Weight(node, index);
        return w.Floats is null ? throw Error(ImportError.UnsupportedDtype, node, $"needs float input {index}") : w;
    }

    private TfjsWeight ConstInts(TfjsNode node, int index)
    {
        var w = Weight(node, index);
        return w.Ints is null ? throw Error(ImportError.UnsupportedDtype, node, $"needs int32 input {index}") : w;
    }

    private void AddInitializer(OnnxTensor tensor)
    {
        if (_initializerNames.Add(tensor.Name))
        {
            _initializers.Add(tensor);
        }
    }

    private Failure<ImportError>? Add(string op, string name, IReadOnlyList<string> inputs, string output, params OnnxAttribute[] attributes)
    {
        _nodes.Add(new OnnxNode(op, name, inputs, [output], attributes));
        return null;
    }

    private static string TensorName(string reference)
    {
        var name = reference.StartsWith('^') ? reference[1..] : reference;
        var colon = name.LastIndexOf(':');
        return colon > 0 && name[(colon + 1)..] == "0" ? name[..colon] : name;
    }

    private static ConversionException Error(ImportError reason, TfjsNode node, string what) =>
        new(new Failure<ImportError>(reason, $"Node '{node.Name}' ({node.Op}) {what}."));

    private static Failure<ImportError> Fail(ImportError reason, string message) => new(reason, message);

    private sealed class ConversionException(Failure<ImportError> failure) : Exception(failure.Message)
    {
        public Failure<ImportError> Failure { get; } = failure;
    }
}
