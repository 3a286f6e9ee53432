class AddIndexToOrdersOnCustomerId < ActiveRecord::Migration[7.1]
  def change
    # A plain index locks the orders table against writes while it is built.
    add_index :orders, :customer_id
  end
end
