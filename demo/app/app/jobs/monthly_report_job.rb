class MonthlyReportJob
  include Sidekiq::Job
  # No worker listens on the "reports" queue (see config/sidekiq.yml).
  sidekiq_options queue: :reports

  def perform(account_id, month)
    Report.build(account_id, month).deliver
  end
end
