import Testing
@testable import Modeling

@Suite struct ExpressionAndAssembly {
    @Test func repeatedVariablesAreSummedAndZerosDropped() throws {
        var model = Model()
        let x = model.addVariable("x"), y = model.addVariable("y"), z = model.addVariable("z")
        model.addConstraint(x + x + 2 * y - 2 * y + z <= 4, name: "c")
        let assembled = try model.assemble()
        #expect(assembled.rowStart == [0, 2])
        #expect(assembled.entryColumn == [0, 2])
        #expect(assembled.entryValue == [2, 1])
    }

    @Test func constantsMoveToTheBounds() throws {
        var model = Model()
        let x = model.addVariable("x")
        model.addConstraint(x + 3 >= 5, name: "shifted")
        model.addConstraint(LinearConstraint(x - 1, lower: 0, upper: 2), name: "ranged")
        let assembled = try model.assemble()
        #expect(assembled.rowLower == [2, 1])
        #expect(assembled.rowUpper == [.infinity, 3])
    }

    @Test func objectiveIsDenseWithItsConstant() throws {
        var model = Model()
        let x = model.addVariable("x"), y = model.addVariable("y")
        model.maximize(3 * x + y + x + 7)
        let assembled = try model.assemble()
        #expect(assembled.objective == [4, 1])
        #expect(assembled.objectiveConstant == 7)
        #expect(assembled.sense == .maximize)
    }

    @Test func binariesAlwaysHaveUnitBounds() {
        var model = Model()
        _ = model.addVariable("b", lower: -5, upper: 9, kind: .binary)
        #expect(model.columnLower == [0])
        #expect(model.columnUpper == [1])
    }

    @Test func entriesKeepTheirRowWhenAddedOutOfOrderOfColumns() throws {
        var model = Model()
        let v = model.addVariables(count: 4, name: { "v\($0)" })
        model.addConstraint(variables: [v[3], v[0]], coefficients: [1, 2], upper: 1)
        model.addConstraint(variables: [v[1], v[3], v[1]], coefficients: [5, 6, 7], upper: 1)
        let a = try model.assemble()
        #expect(a.rowStart == [0, 2, 4])
        #expect(a.entryColumn == [3, 0, 1, 3])
        #expect(a.entryValue == [1, 2, 12, 6])
    }
}

@Suite struct Validation {
    func error(_ build: (inout Model) -> Void) -> ModelError? {
        var model = Model()
        build(&model)
        do {
            try model.validate()
            return nil
        } catch let error as ModelError {
            return error
        } catch {
            return nil
        }
    }

    @Test func emptyModel() {
        #expect(error { _ in }?.message == "the model has no variables; add at least one before solving")
    }

    @Test func nanCoefficient() {
        let e = error { m in
            let x = m.addVariable("x")
            m.addConstraint(Double.nan * x <= 1, name: "cap")
        }
        #expect(e?.kind == .invalidCoefficient)
        #expect(e?.message == "constraint \"cap\" (row 1): the coefficient of variable \"x\" (column 1) is NaN; coefficients must be finite numbers")
    }

    @Test func infiniteCoefficientInTheObjective() {
        let e = error { m in
            let x = m.addVariable()
            m.minimize(Double.infinity * x)
        }
        #expect(e?.message == "the objective: the coefficient of variable in column 1 is infinity; coefficients must be finite numbers")
    }

    @Test func lowerBoundAboveUpper() {
        let e = error { m in _ = m.addVariable("load", lower: 5, upper: 2) }
        #expect(e?.kind == .invalidBounds)
        #expect(e?.message == "variable \"load\" (column 1): lower bound 5 is above upper bound 2")
    }

    @Test func rangedConstraintUpsideDown() {
        let e = error { m in
            let x = m.addVariable("x")
            m.addConstraint(LinearConstraint(LinearExpression(x), lower: 3, upper: 1.5), name: "band")
        }
        #expect(e?.message == "constraint \"band\" (row 1): lower bound 3 is above upper bound 1.5")
    }

    @Test func nanBound() {
        let e = error { m in _ = m.addVariable("x", lower: .nan) }
        #expect(e?.message == "variable \"x\" (column 1): a bound is NaN; bounds must be numbers (use infinity for none)")
    }

    @Test func variableOfAnotherModelInAConstraint() {
        var other = Model()
        let stranger = other.addVariable("s")
        let e = error { m in
            let x = m.addVariable("x")
            m.addConstraint(x + stranger <= 1, name: "mixed")
        }
        #expect(e?.kind == .foreignVariable)
        #expect(e?.message == "constraint \"mixed\" (row 1): uses a variable (column 1) of another model; variables belong to the model that created them")
    }

    @Test func variableOfAnotherModelInTheObjective() {
        var other = Model()
        let stranger = other.addVariable("s")
        let e = error { m in
            _ = m.addVariable("x")
            m.minimize(LinearExpression(stranger))
        }
        #expect(e?.message == "the objective: uses a variable (column 1) of another model; variables belong to the model that created them")
    }

    @Test func variableAddedToACopyAfterward() {
        var model = Model()
        _ = model.addVariable("x")
        var copy = model
        let late = copy.addVariable("late")
        model.addConstraint(late <= 1, name: "c")
        #expect(throws: ModelError(.foreignVariable, "constraint \"c\" (row 1): uses column 2, which this model does not have (a variable of another model, or of a copy made before it was added)")) {
            try model.validate()
        }
    }

    @Test func nameTooLong() {
        let long = String(repeating: "a", count: 256)
        let e = error { m in _ = m.addVariable(long) }
        #expect(e?.kind == .invalidName)
        #expect(e?.message == "the name of the variable in column 1 is 256 bytes long (\"aaaaaaaaaaaaaaaaaaaa...\"); names may have at most 255")
    }

    @Test func nameOf255BytesIsFine() {
        #expect(error { m in _ = m.addVariable(String(repeating: "é", count: 127) + "a") } == nil)
    }

    @Test func controlCharacterInAName() {
        let e = error { m in
            let x = m.addVariable("x")
            m.addConstraint(x <= 1, name: "cap\tm1")
        }
        #expect(e?.message == "the name of the constraint in row 1 has a control character (byte 9) at position 4; names may not contain tabs, line breaks or other control characters")
    }

    @Test func duplicateNames() {
        let e = error { m in
            _ = m.addVariable("x")
            _ = m.addVariable("x")
        }
        #expect(e?.kind == .duplicateName)
        #expect(e?.message == "variable name \"x\" is used by columns 1 and 2; names must be unique")
    }

    @Test func objectiveConstantMustBeFinite() {
        let e = error { m in
            let x = m.addVariable()
            m.minimize(x + Double.nan)
        }
        #expect(e?.message == "the objective: its constant is NaN; it must be a finite number")
    }

    @Test func mismatchedArrays() {
        let e = error { m in
            let x = m.addVariable("x")
            m.addConstraint(variables: [x], coefficients: [1, 2], upper: 1, name: "short")
        }
        #expect(e?.message == "constraint \"short\" (row 1): was given different numbers of variables and coefficients")
    }

    @Test func validModelPasses() {
        #expect(error { m in
            let x = m.addVariable("x", upper: 3, kind: .integer)
            m.addConstraint(2 * x <= 5, name: "c")
            m.maximize(LinearExpression(x))
        } == nil)
    }
}

@Suite struct Options {
    @Test func timeLimitMustBePositive() {
        #expect(throws: ModelError(.invalidOption, "the time limit is 0 seconds; it must be a positive number")) {
            try SolveOptions(timeLimit: 0).validate()
        }
    }

    @Test func gapMustBeANonNegativeNumber() {
        #expect(throws: ModelError(.invalidOption, "the relative gap is -0.5; it must be a number of at least 0 (0.01 means 1 %)")) {
            try SolveOptions(relativeGap: -0.5).validate()
        }
    }

    @Test func startNeedsPresolveOff() {
        var model = Model()
        let x = model.addVariable()
        #expect(throws: ModelError(.invalidOption, "a starting solution needs presolve off: the presolver changes the columns the start refers to")) {
            try SolveOptions(presolve: true, start: [x: 0]).validate()
        }
    }
}

@Suite struct StartingSolution {
    func model() -> (Model, Variable, Variable) {
        var model = Model()
        let x = model.addVariable("x", upper: 10, kind: .integer)
        let y = model.addVariable("y", upper: 10)
        model.addConstraint(x + y <= 4, name: "total")
        return (model, x, y)
    }

    @Test func rowViolationIsNamed() throws {
        let (model, x, y) = model()
        let assembled = try model.assemble()
        #expect(throws: ModelError(.infeasibleStart, "the starting solution is infeasible: constraint \"total\" (row 1) has activity 6, above its upper bound 4")) {
            try assembled.checkedStart([x: 3, y: 3])
        }
    }

    @Test func fractionalIntegerIsNamed() throws {
        let (model, x, _) = model()
        #expect(throws: ModelError(.infeasibleStart, "the starting solution is infeasible: variable \"x\" (column 1) is integer but has value 1.5")) {
            try model.assemble().checkedStart([x: 1.5])
        }
    }

    @Test func nearlyIntegralValuesAreRoundedAndMissingOnesAreZero() throws {
        let (model, x, _) = model()
        #expect(try model.assemble().checkedStart([x: 2.0000000001]) == [2, 0])
    }
}

@Suite struct FlowNetworkValidation {
    func message(_ build: (inout FlowNetwork) -> Void) -> String? {
        var net = FlowNetwork()
        build(&net)
        do {
            try net.validate()
            return nil
        } catch {
            return (error as? ModelError)?.message
        }
    }

    @Test func suppliesMustBalance() {
        #expect(message { n in
            let a = n.addNode(supply: 3), b = n.addNode(supply: -2)
            n.addArc(from: a, to: b)
        } == "supplies add up to 1, not 0: every unit supplied must be demanded somewhere (add a sink node taking the surplus)")
    }

    @Test func loopsAreRefused() {
        #expect(message { n in
            let a = n.addNode(name: "school")
            n.addArc(from: a, to: a)
        } == "arc 1: starts and ends at node \"school\" (1); loops are not allowed")
    }

    @Test func capacityBelowLowerBound() {
        #expect(message { n in
            let a = n.addNode(), b = n.addNode()
            n.addArc(from: a, to: b, lower: 3, capacity: 2)
        } == "arc 1: capacity 2 is below its lower bound 3")
    }

    @Test func negativeLowerBound() {
        #expect(message { n in
            let a = n.addNode(), b = n.addNode()
            n.addArc(from: a, to: b, lower: -1)
        } == "arc 1: lower bound -1 is negative")
    }

    @Test func emptyNetwork() {
        #expect(message { _ in } == "the network has no nodes")
    }
}
