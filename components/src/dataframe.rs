//! Dataframe: a table with headers and typed columns, editable cell by cell when it is an input.

use derive_setters::Setters;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::{Changeable, Inputtable};

// `#[schemars(description = "")]` keeps a doc out of `/gradio_api/info` (see `crate::schema`).
/// One cell: Gradio sends numbers, strings, booleans and nulls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Cell {
    /// A number.
    #[schemars(description = "")]
    Number(f64),
    /// `true` or `false`.
    #[schemars(description = "")]
    Bool(bool),
    /// Text.
    #[schemars(description = "")]
    Text(String),
    /// An empty cell (`null`).
    #[schemars(description = "")]
    Empty(()),
}

impl Cell {
    /// The cell as the table shows it.
    pub fn text(&self) -> String {
        match self {
            Cell::Number(n) => n.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Text(s) => s.clone(),
            Cell::Empty(()) => String::new(),
        }
    }
    /// The number, if the cell holds one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Cell::Number(n) => Some(*n),
            _ => None,
        }
    }
}

impl From<f64> for Cell {
    fn from(n: f64) -> Self {
        Cell::Number(n)
    }
}
impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<bool> for Cell {
    fn from(b: bool) -> Self {
        Cell::Bool(b)
    }
}

/// What a column holds (Gradio's `datatype`); cells are checked against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    /// Text.
    Str,
    /// Numbers.
    Number,
    /// `true` or `false`.
    Bool,
}

/// The wire form (Gradio's `DataframeData`) and what functions get: headers and rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Table {
    /// The columns' names, in order.
    #[schemars(description = "")]
    pub headers: Vec<String>,
    /// The rows, top to bottom, each one cell per column.
    #[schemars(description = "")]
    pub data: Vec<Vec<Cell>>,
    /// Gradio's display values and styling; passed through untouched.
    #[serde(default)]
    pub metadata: Option<serde_json::Value>,
}

impl Table {
    /// A table with these column names and no rows.
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Self {
        Table {
            headers: headers.into_iter().map(Into::into).collect(),
            data: Vec::new(),
            metadata: None,
        }
    }
    /// The table with one more row, at the bottom.
    // Not derived: appends a row, converting each cell.
    pub fn row<C: Into<Cell>>(mut self, cells: impl IntoIterator<Item = C>) -> Self {
        self.data.push(cells.into_iter().map(Into::into).collect());
        self
    }
    /// The cells of column `name`, top to bottom.
    pub fn column(&self, name: &str) -> Option<impl Iterator<Item = &Cell>> {
        let i = self.headers.iter().position(|h| h == name)?;
        Some(self.data.iter().filter_map(move |row| row.get(i)))
    }
}

/// A table's props; its wire value is a [`Table`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
pub struct Dataframe {
    /// The table shown at first.
    #[serde(default)]
    #[setters(skip)]
    pub value: Table,
    /// One per column; `None`: any cell goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(skip)]
    pub datatype: Option<Vec<ColumnType>>,
    /// Whether the person may add rows (when interactive).
    #[serde(default = "yes")]
    pub row_addable: bool,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
    pub common: CommonProps,
}

fn yes() -> bool {
    true
}

impl Dataframe {
    /// A table showing `value`, with any cell in any column.
    pub fn new(value: Table) -> Self {
        Dataframe {
            value,
            datatype: None,
            row_addable: true,
            common: CommonProps::default(),
        }
    }
    /// Each column's type, in order; cells of the wrong type are refused.
    // Not derived: takes the types as an iterator.
    pub fn datatype(mut self, types: impl IntoIterator<Item = ColumnType>) -> Self {
        self.datatype = Some(types.into_iter().collect());
        self
    }

    fn check(&self, table: &Table) -> Result<(), ComponentError> {
        let width = table.headers.len();
        if let Some(types) = self.datatype.as_ref().filter(|t| t.len() != width) {
            return Err(ComponentError::Invalid(format!(
                "{width} columns, but this table has {} column types",
                types.len()
            )));
        }
        for (r, row) in table.data.iter().enumerate() {
            if row.len() != width {
                return Err(ComponentError::Invalid(format!(
                    "row {} has {} cells, but there are {width} columns",
                    r + 1,
                    row.len()
                )));
            }
            for (c, (cell, kind)) in row.iter().zip(self.datatype.iter().flatten()).enumerate() {
                let ok = matches!(
                    (kind, cell),
                    (_, Cell::Empty(()))
                        | (ColumnType::Str, Cell::Text(_))
                        | (ColumnType::Number, Cell::Number(_))
                        | (ColumnType::Bool, Cell::Bool(_))
                );
                if !ok {
                    return Err(ComponentError::Invalid(format!(
                        "row {}, column {:?}: {} is not a {}",
                        r + 1,
                        table.headers[c],
                        serde_json::to_string(cell).unwrap_or_default(),
                        match kind {
                            ColumnType::Str => "string",
                            ColumnType::Number => "number",
                            ColumnType::Bool => "boolean",
                        }
                    )));
                }
            }
        }
        Ok(())
    }
}
common_builders!(Dataframe);

impl Component for Dataframe {
    type Data = Table;
    type Value = Table;
    const CLASS_NAME: &'static str = "Dataframe";
    const EXPECTS: &'static str = "an object with \"headers\" and \"data\"";

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> Table {
        self.value.clone()
    }
    fn preprocess(&self, table: Table) -> Result<Table, ComponentError> {
        self.check(&table)?;
        Ok(table)
    }
    fn postprocess(&self, table: Table) -> Result<Table, ComponentError> {
        self.check(&table)?;
        Ok(table)
    }
    fn parse_data(&self, json: serde_json::Value) -> Result<Table, ComponentError> {
        Table::deserialize(&json)
            .map_err(|e| ComponentError::Invalid(format!("expected {}: {e}", Self::EXPECTS)))
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("dict(headers: list[str], data: list[list[Any]], metadata: dict | None)")
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!({"headers": ["a", "b"], "data": [["foo", "bar"]]})
    }
}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Changeable for Dataframe {}
impl Inputtable for Dataframe {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;
    use serde_json::json;

    fn prices() -> Dataframe {
        Dataframe::new(Table::new(["item", "price"]).row([Cell::from("tea"), 2.5.into()]))
            .datatype([ColumnType::Str, ColumnType::Number])
    }

    #[test]
    fn rows_must_fit_the_headers_and_the_column_types() {
        let d = prices();
        let ok = d.parse_data(
            json!({"headers": ["item", "price"], "data": [["tea", 2.5], ["cake", null]]}),
        );
        assert_eq!(
            d.preprocess(ok.unwrap()).unwrap().data[1][1],
            Cell::Empty(())
        );
        let short = d
            .parse_data(json!({"headers": ["item", "price"], "data": [["tea"]]}))
            .unwrap();
        assert_eq!(
            d.preprocess(short).unwrap_err().to_string(),
            "row 1 has 1 cells, but there are 2 columns"
        );
        let typed = d
            .parse_data(json!({"headers": ["item", "price"], "data": [["tea", "cheap"]]}))
            .unwrap();
        assert_eq!(
            d.preprocess(typed).unwrap_err().to_string(),
            "row 1, column \"price\": \"cheap\" is not a number"
        );
        assert!(d.parse_data(json!([["tea"]])).is_err());
        let wide = d
            .parse_data(json!({"headers": ["item", "price", "x"], "data": []}))
            .unwrap();
        assert_eq!(
            d.preprocess(wide).unwrap_err().to_string(),
            "3 columns, but this table has 2 column types"
        );
    }

    #[test]
    fn columns_and_wire_shape() {
        let d = prices();
        let prices: Vec<f64> = d
            .value
            .column("price")
            .unwrap()
            .filter_map(Cell::as_f64)
            .collect();
        assert_eq!(prices, [2.5]);
        assert_eq!(
            serde_json::to_value(&d.value).unwrap(),
            json!({"headers": ["item", "price"], "data": [["tea", 2.5]], "metadata": null})
        );
        let v = serde_json::to_value(Block::from(d.clone())).unwrap();
        assert_eq!(v["type"], "dataframe");
        assert_eq!(v["props"]["datatype"], json!(["str", "number"]));
        assert_eq!(d.read_from_flag(&d.flag(&d.value)), Ok(d.value.clone()));
        let info = d.api_info();
        assert_eq!(info["properties"]["headers"]["items"]["type"], "string");
    }
}
