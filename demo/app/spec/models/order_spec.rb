require "rails_helper"

RSpec.describe Order do
  it "belongs to a customer" do
    expect(Order.reflect_on_association(:customer)).to be_present
  end
end
